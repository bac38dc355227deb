import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WORK_DIR } from '../bench.config';
import { BenchProcess, startProcess, waitUntilReady } from './process.supervisor';

const NGINX_DIR = join(WORK_DIR, 'nginx');

/**
 * The reverse-proxy anchor: nginx as commonly deployed in front of a Node app (one worker,
 * keep-alive to the upstream, no access log), from a generated config, in the foreground.
 */
export function nginxConfig(port: number, upstreamPort: number): string {
  return `worker_processes 1;
daemon off;
pid ${NGINX_DIR}/nginx.pid;
error_log ${NGINX_DIR}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${NGINX_DIR}/client_body;
  proxy_temp_path ${NGINX_DIR}/proxy;
  fastcgi_temp_path ${NGINX_DIR}/fastcgi;
  uwsgi_temp_path ${NGINX_DIR}/uwsgi;
  scgi_temp_path ${NGINX_DIR}/scgi;
  upstream places_api {
    server 127.0.0.1:${upstreamPort};
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://places_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      # A page of 50 points of interest is ~40 KB: keep it in memory, never in temp files.
      proxy_buffer_size 16k;
      proxy_buffers 16 16k;
      proxy_max_temp_file_size 0;
    }
  }
}
`;
}

/** Starts nginx on `port` in front of 127.0.0.1:`upstreamPort`; resolves once it proxies. */
export async function startNginx(port: number, upstreamPort: number): Promise<BenchProcess> {
  mkdirSync(NGINX_DIR, { recursive: true });
  const config = join(NGINX_DIR, 'nginx.conf');
  writeFileSync(config, nginxConfig(port, upstreamPort));
  const nginx = await startProcess(
    'nginx',
    'nginx',
    ['-p', NGINX_DIR, '-c', config, '-e', join(NGINX_DIR, 'error.log')],
    { cwd: ROOT },
  );
  await waitUntilReady(nginx, `http://127.0.0.1:${port}/health/ready`);
  return nginx;
}
