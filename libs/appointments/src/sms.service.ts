import { Injectable, Logger } from '@nestjs/common';

export interface SmsMessage {
  to: string;
  body: string;
  tags?: Record<string, string>;
}

/** Outgoing SMS. Only a logging implementation exists today; a provider plugs in behind this. */
export abstract class SmsService {
  abstract send(message: SmsMessage): Promise<{ id: string }>;
}

@Injectable()
export class LoggingSmsService extends SmsService {
  private readonly logger = new Logger('Sms');
  /** Kept for inspection (tests, dev tooling); bounded. */
  readonly sent: SmsMessage[] = [];

  async send(message: SmsMessage) {
    this.sent.push(message);
    if (this.sent.length > 1000) this.sent.shift();
    this.logger.log({ to: message.to, tags: message.tags }, `sms: ${message.body}`);
    return { id: `log-${Date.now()}-${this.sent.length}` };
  }
}
