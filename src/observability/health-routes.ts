import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.ts';
import type { Metrics } from './metrics.ts';

/** What the health routes need. */
export interface HealthDeps {
  /** Resolves when the process can serve (database reachable, migrations done); rejects with the reason otherwise. */
  ready(): Promise<void>;
  /** Metrics for `/metrics`; absent means 404 there. */
  metrics?: Metrics;
  /** Logger for failed readiness checks. */
  logger: Logger;
}

/** One route in the shape Bolt's `customRoutes` and a plain node:http server both accept. */
export interface HealthRoute {
  /** Path, e.g. `/healthz`. */
  path: string;
  /** Allowed methods. */
  method: string[];
  /** Node request handler. */
  handler(req: IncomingMessage, res: ServerResponse): void;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * `/healthz` (the process is alive and its event loop answers), `/readyz` (it can serve: the database answers) and
 * `/metrics` (Prometheus text). A load balancer sends traffic only to ready instances; an orchestrator restarts an
 * instance whose liveness fails.
 */
export function healthRoutes(deps: HealthDeps): HealthRoute[] {
  const routes: HealthRoute[] = [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => send(res, 200, 'text/plain; charset=utf-8', 'ok\n') },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        deps.ready().then(
          () => send(res, 200, 'text/plain; charset=utf-8', 'ready\n'),
          (err: unknown) => {
            deps.logger.warn({ err }, 'readiness check failed');
            send(res, 503, 'text/plain; charset=utf-8', 'not ready: database unavailable\n');
          },
        );
      },
    },
  ];
  const { metrics } = deps;
  if (metrics) {
    routes.push({
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        metrics.render().then(
          ({ contentType, body }) => send(res, 200, contentType, body),
          (err: unknown) => {
            deps.logger.error({ err }, 'metrics rendering failed');
            send(res, 500, 'text/plain; charset=utf-8', 'metrics unavailable\n');
          },
        );
      },
    });
  }
  return routes;
}

/** A running health server. */
export interface HealthServer {
  /** The port it listens on (useful when started on port 0). */
  readonly port: number;
  /** Stops listening. */
  stop(): Promise<void>;
}

/**
 * Serves the health routes on their own port, for deployments without an HTTP chat endpoint (Socket Mode, Discord
 * only). Unknown paths get 404; a wrong method 405.
 */
export async function startHealthServer(routes: readonly HealthRoute[], port: number, host = '0.0.0.0'): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path);
    if (!route) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    if (!route.method.includes(req.method ?? 'GET')) return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
