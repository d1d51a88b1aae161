import { assertServicesUp } from './services';
import { ensureTemplateDatabase } from './template-database';

/** Runs once per Jest run: services must be up, and the migrated template database exists. */
export default async function globalSetup(): Promise<void> {
  await assertServicesUp();
  process.env.NS_TEST_TEMPLATE_DB = await ensureTemplateDatabase();
}
