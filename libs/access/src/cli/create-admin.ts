/**
 * Creates a staff user (by default the first admin):
 *
 *   npm run admin:create -- --email ops@example.com --name "Ops Admin"
 *   printf '%s\n' "$PASSWORD" | npm run admin:create -- --email … --name … [--role management]
 *
 * The password is read from stdin when stdin is piped; otherwise a strong one is
 * generated and printed once. There is never a default password.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule, loadConfigOrExit } from '@northstar/config';
import { PrismaModule, PrismaService } from '@northstar/prisma';
import { STAFF_ROLES, type StaffRole } from '../access.decorators';
import { PASSWORD_MIN_LENGTH, generatePassword, hashPassword } from '../password-hasher';

@Module({ imports: [ConfigModule, PrismaModule] })
class CliModule {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export async function createStaffUser(
  prisma: PrismaService,
  input: { email: string; name: string; role: StaffRole; password?: string },
): Promise<{ id: string; password: string; generated: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`not an e-mail address: ${input.email}`);
  const generated = !input.password;
  const password = input.password || generatePassword();
  if (password.length < PASSWORD_MIN_LENGTH) throw new Error(`password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (await prisma.staffUser.findUnique({ where: { email } })) throw new Error(`a user with e-mail ${email} already exists`);
  const user = await prisma.staffUser.create({
    data: { email, name: input.name.trim(), role: input.role, passwordHash: await hashPassword(password) },
  });
  return { id: user.id, password, generated };
}

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      generate: { type: 'boolean', default: false },
    },
  });
  if (!values.email || !values.name) {
    process.stderr.write('usage: npm run admin:create -- --email <e-mail> --name <name> [--role admin|management|customer_success|operations] [--generate]\n');
    process.exit(64);
  }
  if (!(STAFF_ROLES as readonly string[]).includes(values.role!)) {
    process.stderr.write(`--role must be one of ${STAFF_ROLES.join(', ')}\n`);
    process.exit(64);
  }
  loadConfigOrExit();
  const password = !values.generate && !process.stdin.isTTY ? (await readStdin()).trim() : undefined;
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const r = await createStaffUser(app.get(PrismaService), {
      email: values.email,
      name: values.name,
      role: values.role as StaffRole,
      password: password || undefined,
    });
    process.stdout.write(`Created ${values.role} ${values.email} (id ${r.id}).\n`);
    if (r.generated) process.stdout.write(`Generated password (shown once, store it now): ${r.password}\n`);
  } catch (e) {
    process.stderr.write(`admin:create failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

if (require.main === module) void main();
