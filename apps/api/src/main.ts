import { loadConfigOrExit } from '@northstar/config';
import { createApiApp } from '@northstar/platform';

async function main() {
  const config = loadConfigOrExit();
  const app = await createApiApp();
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST}:${config.PORT}`;
  process.stdout.write(`\nNorthstar is running (${config.RUN_MODE}).\n  Dashboard: ${url}/app/\n  API docs:  ${url}/docs\n\n`);
}

void main();
