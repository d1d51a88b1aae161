import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CustomersModule } from '@northstar/customers';
import { MailModule } from '@northstar/mail';
import { IntakeController, INTAKE_PATH } from './intake.controller';
import { IntakeService } from './intake.service';
import { INTAKE_OPTIONS, intakeOptionsFromEnv } from './intake.options';
import { INTAKE_BODY_LIMIT_BYTES } from './intake.schemas';

interface RouteOptionsLike {
  url: string;
  method: string | string[];
  bodyLimit?: number;
}

@Module({
  imports: [CustomersModule, MailModule],
  controllers: [IntakeController],
  providers: [IntakeService, { provide: INTAKE_OPTIONS, useFactory: () => intakeOptionsFromEnv() }],
  exports: [IntakeService, INTAKE_OPTIONS],
})
export class IntakeModule {
  constructor(adapterHost: HttpAdapterHost) {
    // The API's global body limit is 1 MB; only the intake form may carry 10 MB of
    // attachments (as base64). Fastify reads a per-route bodyLimit; Nest has no
    // decorator for it, so set it as the route is registered (routes are added after
    // module construction, during app.init()).
    const fastify = adapterHost.httpAdapter?.getInstance?.() as { addHook?: (name: 'onRoute', fn: (r: RouteOptionsLike) => void) => void } | undefined;
    fastify?.addHook?.('onRoute', (route) => {
      if (route.url === INTAKE_PATH && ([] as string[]).concat(route.method).includes('POST')) route.bodyLimit = INTAKE_BODY_LIMIT_BYTES;
    });
  }
}
