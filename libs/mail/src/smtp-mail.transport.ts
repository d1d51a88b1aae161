import nodemailer, { type Transporter } from 'nodemailer';
import { Logger } from '@nestjs/common';
import { MailTransport, type DeliveryResult, type MailMessage } from './mail.types';

/** nodemailer over SMTP_URL (smtp://user:pass@host:port, smtps:// for implicit TLS). */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly defaultFrom: string,
  ) {
    super();
    // No pooling: a worker job is one message; a failed connection must fail that job
    // (so BullMQ retries it) rather than poison a shared pool.
    this.transporter = nodemailer.createTransport(smtpUrl, { from: defaultFrom });
  }

  async deliver(m: MailMessage): Promise<DeliveryResult> {
    const info = await this.transporter.sendMail({
      from: m.from ?? this.defaultFrom,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      replyTo: m.replyTo,
      attachments: m.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
      headers: m.tags ? Object.fromEntries(Object.entries(m.tags).map(([k, v]) => [`X-Northstar-${k}`, v])) : undefined,
    });
    return { messageId: String(info.messageId), accepted: (info.accepted ?? []).map(String) };
  }

  override async close() {
    this.transporter.close();
  }
}

/** Development without SMTP_URL: mail is logged, never silently dropped as "sent". */
export class LogMailTransport extends MailTransport {
  private readonly logger = new Logger('Mail');
  readonly sent: MailMessage[] = [];
  async deliver(m: MailMessage): Promise<DeliveryResult> {
    this.sent.push(m);
    if (this.sent.length > 100) this.sent.shift();
    this.logger.log(`mail (no SMTP_URL) to=${String(m.to)} subject=${JSON.stringify(m.subject)}`);
    return { messageId: `log-${Date.now()}`, accepted: ([] as string[]).concat(m.to) };
  }
}

export function createMailTransport(config: { SMTP_URL?: string; MAIL_FROM: string }): MailTransport {
  return config.SMTP_URL ? new SmtpMailTransport(config.SMTP_URL, config.MAIL_FROM) : new LogMailTransport();
}
