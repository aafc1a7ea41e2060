// The rule lives in core/domain/webhookUrl.ts: the configuration schema (core/config) checks NOTIFY_ONDUTY_WEBHOOK with it.
export { webhookUrlProblem } from '../../core/domain/webhookUrl';
