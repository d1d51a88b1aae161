import { z } from 'zod';
import { dayOrInstant, line } from '@northstar/http';
import { STAFF_ROLES } from './access.decorators';
import { API_KEY_SCOPES } from './api-key.service';
import { PASSWORD_MIN_LENGTH } from './password-hasher';

export const LoginSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
});
export const RefreshSchema = z.object({ refreshToken: line(200, { trim: false }).min(1) });
export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(1024),
});
export const CreateUserSchema = z.object({
  email: z.string().trim().email().max(320),
  name: line(200).min(1),
  role: z.enum(STAFF_ROLES),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(1024).optional(),
});
export const UpdateUserSchema = z
  .object({ name: line(200).min(1), role: z.enum(STAFF_ROLES), active: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export const CreateApiKeySchema = z.object({
  name: line(120).min(1),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
  expiresAt: dayOrInstant().optional(),
});
export const IdParam = z.string().uuid();
