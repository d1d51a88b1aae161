import type { TableRule } from '../table-rule';

const ofProjects = `"projectId" IN (SELECT id FROM projects WHERE "customerId" = ANY(:customerIds))`;
const projectChild = (table: string, redact: string[]): TableRule => ({ lib: 'projects', table, rows: ofProjects, erase: { redact } });

/** libs/projects: the work and hours stay; the sign-off signature goes and the person is taken out of the text. */
export const PROJECTS_TABLES: TableRule[] = [
  { lib: 'projects', table: 'projects', rows: `"customerId" = ANY(:customerIds)`, erase: { set: { signedOffBy: 'NULL' }, redact: ['name'] } },
  projectChild('milestones', ['title', 'approvedBy']),
  projectChild('project_tasks', ['title']),
  projectChild('time_logs', ['note']),
  projectChild('change_orders', ['title', 'description']),
  projectChild('project_status_updates', ['body']),
  projectChild('project_risks', ['reason']),
];

/** libs/appointments: the booking stays (times, type); notes and the cancellation reason go. */
export const APPOINTMENTS_TABLES: TableRule[] = [
  { lib: 'appointments', table: 'appointments', rows: `"customerId" = ANY(:customerIds)`, erase: { set: { notes: 'NULL', cancelReason: 'NULL' } } },
  {
    lib: 'appointments',
    table: 'appointment_reminders',
    rows: `"appointmentId" IN (SELECT id FROM appointments WHERE "customerId" = ANY(:customerIds))`,
    erase: { retain: 'which reminders went out, and when' },
  },
];
