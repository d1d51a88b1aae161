import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { MAIL_TRANSPORT, MailTransport } from './mail.types';
import { createMailTransport } from './smtp-mail.transport';
import { MailService } from './mail.service';
import { SendMailJob } from './send-mail.job';

@Global()
@Module({
  providers: [{ provide: MAIL_TRANSPORT, useFactory: (config: AppConfig) => createMailTransport(config), inject: [APP_CONFIG] }, MailService, SendMailJob],
  exports: [MAIL_TRANSPORT, MailService],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}
  async onApplicationShutdown() {
    await this.transport.close();
  }
}
