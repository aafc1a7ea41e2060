import { AppError } from './errors';

/**
 * Raised when the environment holds a wrong or missing value; `variable`
 * (also in `details`) names it, never its value. Every layer's configuration
 * loader throws it, and start-up stops with its message.
 */
export class ConfigError extends AppError<'ConfigError'> {
  constructor(readonly variable: string, detail: string) {
    super('ConfigError', `Configuration error in ${variable}: ${detail}`, { variable });
  }
}
