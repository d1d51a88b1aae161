export interface MailAttachment {
  filename: string;
  contentType: string;
  /** base64 content (jobs are JSON). */
  contentBase64: string;
}

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  /** Overrides MAIL_FROM. */
  from?: string;
  attachments?: MailAttachment[];
  /** Free-form labels for logs/tests (e.g. { kind: 'intake-ack', number: 'QR-2025-0001' }). */
  tags?: Record<string, string>;
}

export interface DeliveryResult {
  messageId: string;
  accepted: string[];
}

/** Where mail actually leaves: SMTP in every real deployment; a log in development. */
export abstract class MailTransport {
  abstract deliver(message: MailMessage): Promise<DeliveryResult>;
  /** Releases connections; transports without any keep the default. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
