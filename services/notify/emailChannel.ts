import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../../core/config';
import { DeliveryError } from './deliveryError';
import { noticeEmail, type Notice } from './notice';

/** Sends notices by e-mail through the configured SMTP server (nodemailer). */
export class EmailChannel {
  private readonly transport?: Transporter;

  constructor(private readonly smtp: SmtpConfig | undefined, private readonly locale: 'sr-Latn' | 'en', timeoutMs: number) {
    if (smtp) {
      this.transport = nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTls,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      });
    }
  }

  async send(to: string, notice: Notice): Promise<void> {
    if (!this.transport || !this.smtp) throw new DeliveryError('no_smtp', true);
    const { subject, text } = noticeEmail(notice, this.locale);
    await this.transport.sendMail({
      from: this.smtp.from,
      to,
      subject,
      text,
      headers: notice.urgency === 'immediate' ? { Priority: 'urgent', Importance: 'high' } : undefined,
    });
  }

  close(): void {
    this.transport?.close();
  }
}
