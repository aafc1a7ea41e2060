import { Observable } from 'rxjs/Observable';

/** The request shape botframework-directlinejs hands its `ajax` service. */
interface AjaxRequest {
  method?: string;
  url?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: number;
}

/**
 * An `ajax` service for botframework-directlinejs in Node (which has no
 * XMLHttpRequest), built on fetch: it resolves like RxJS's AjaxObservable
 * (`{response, status}`) and fails with `{status}` on HTTP errors, which is
 * what the client's retry and expiry logic reads.
 */
export function nodeAjax(request: AjaxRequest): Observable<{ response: unknown; status: number }> {
  return Observable.create((subscriber: { next: (v: unknown) => void; error: (e: unknown) => void; complete: () => void }) => {
    const controller = new AbortController();
    fetch(request.url ?? '', {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
    })
      .then(async (res) => {
        const text = await res.text();
        const response = text ? (JSON.parse(text) as unknown) : null;
        if (res.status >= 400) {
          subscriber.error({ status: res.status, response });
          return;
        }
        subscriber.next({ response, status: res.status });
        subscriber.complete();
      })
      .catch((err: unknown) => subscriber.error({ status: 0, error: err }));
    return () => controller.abort();
  }) as Observable<{ response: unknown; status: number }>;
}
