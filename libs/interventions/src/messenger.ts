/**
 * How interventions reach a customer. Email goes through MailService (libs/mail)
 * when the process has it; there is no SMS provider in the platform yet, so SMS is
 * recorded in the intervention log as queued for the operator's SMS tool. Tests
 * and other deployments can provide their own implementation under this token.
 */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  tags: Record<string, string>;
}

export abstract class InterventionMessenger {
  abstract send(message: OutgoingMessage): Promise<{ status: 'sent' | 'queued'; id?: string }>;
}

export const INTERVENTION_MESSENGER = Symbol('INTERVENTION_MESSENGER');

interface MailLike {
  send(message: { to: string; subject: string; text: string; tags?: Record<string, string> }, opts?: { key?: string }): Promise<string>;
}

export class DefaultMessenger extends InterventionMessenger {
  constructor(private readonly mail?: MailLike) {
    super();
  }

  async send(m: OutgoingMessage): Promise<{ status: 'sent' | 'queued'; id?: string }> {
    if (m.channel === 'email' && this.mail) {
      const id = await this.mail.send({ to: m.to, subject: m.subject, text: m.text, tags: m.tags }, { key: m.tags.key });
      return { status: 'queued', id };
    }
    return { status: 'queued' };
  }
}
