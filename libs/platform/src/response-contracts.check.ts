/**
 * The API's answers, held against the dashboard's contracts (libs/api-contracts), at
 * compile time: each line compiles only while what a server method answers — as JSON,
 * dates turned to strings (Wire) — still gives the dashboard every field it reads, with
 * the type it reads. A server change that would break a screen fails `npm run
 * typecheck` here, naming the field. Nothing imports this file; the type checker reads
 * it like every file of the lib. The analytics answers need no line: libs/analytics
 * declares its return types with the contracts themselves.
 *
 * JSON columns (health components, churn drivers) are typed by the code that writes
 * them, not by Prisma, so those fields are left out of the comparison.
 */
import type {
  Appointment,
  AtRiskRow,
  DeskTask,
  ChurnScore,
  Customer,
  CustomerHealth,
  CustomerSegments,
  FeedbackAnswer,
  HealthDistributionBucket,
  HealthScore,
  Intervention,
  Invoice,
  Me,
  Page,
  Quote,
  QuoteRequest,
  SegmentMember,
  SegmentSize,
  Ticket,
  TimelinePage,
  Wire,
} from '@northstar/api-contracts';
import type { UsersService } from '@northstar/access';
import type { AftercareService } from '@northstar/aftercare';
import type { AppointmentsController } from '@northstar/appointments';
import type { ChurnController } from '@northstar/churn';
import type { CustomerSearchService, CustomerService } from '@northstar/customers';
import type { EventsQueryService } from '@northstar/events-query';
import type { HealthScoreController } from '@northstar/health';
import type { IntakeService } from '@northstar/intake';
import type { DeskService, InterventionsController } from '@northstar/interventions';
import type { InvoicesService } from '@northstar/invoices';
import type { presentForStaff } from '@northstar/quotes';
import type { SegmentsController } from '@northstar/segments';

/** What method M of S answers, as the JSON the dashboard receives. */
type Answer<S, M extends keyof S> = S[M] extends (...args: never[]) => infer R ? Checkable<Wire<Awaited<R>>> : { notAMethod: M };
/** `any` and `never` would satisfy every contract and check nothing: refuse them. */
type Checkable<T> = 0 extends 1 & T ? { answerIsAny: true } : [T] extends [never] ? { answerIsNever: true } : T;
/** Compiles only while the server's answer gives everything the contract promises. */
type Serves<Server extends Contract, Contract> = [Server, Contract];

type HealthAnswer = Answer<HealthScoreController, 'health'>;
type ScoreWithoutJson = Omit<HealthScore, 'components'>;

export type ResponseContracts = [
  Serves<Answer<UsersService, 'get'>, Me>,
  Serves<Answer<CustomerSearchService, 'search'>, Page<Customer>>,
  Serves<Answer<CustomerService, 'profile'>, Customer>,
  Serves<Wire<ReturnType<typeof presentForStaff>>, Quote>,
  Serves<Answer<InvoicesService, 'list'>, Invoice[]>,
  Serves<Answer<IntakeService, 'list'>, Page<QuoteRequest>>,
  Serves<Answer<AppointmentsController, 'list'>, Appointment[]>,
  Serves<Answer<AftercareService, 'listTickets'>, Ticket[]>,
  Serves<Answer<AftercareService, 'listFeedback'>, FeedbackAnswer[]>,
  Serves<Answer<EventsQueryService, 'timeline'>, TimelinePage>,
  Serves<{ current: Omit<NonNullable<HealthAnswer['current']>, 'components'> | null; history: Omit<HealthAnswer['history'][number], 'components'>[] }, { [K in keyof CustomerHealth]: CustomerHealth[K] extends HealthScore[] ? ScoreWithoutJson[] : ScoreWithoutJson | null }>,
  Serves<Answer<HealthScoreController, 'distribution'>, HealthDistributionBucket[]>,
  Serves<Omit<NonNullable<Answer<ChurnController, 'churn'>>, 'drivers'>, Omit<ChurnScore, 'drivers'>>,
  Serves<Answer<SegmentsController, 'segments'>, SegmentSize[]>,
  Serves<Answer<SegmentsController, 'members'>, SegmentMember[]>,
  Serves<Answer<SegmentsController, 'customerSegments'>, CustomerSegments>,
  Serves<Answer<InterventionsController, 'customerFirings'>, Intervention[]>,
  Serves<Answer<DeskService, 'atRisk'>, AtRiskRow[]>,
  Serves<Answer<DeskService, 'tasks'>, DeskTask[]>,
];
