import { z } from 'zod';
import { STAFF_ROLES } from './access.decorators';
import { API_KEY_SCOPES } from './api-key.service';
import { PASSWORD_MIN_LENGTH } from './password-hasher';

export const LoginSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
});
export const RefreshSchema = z.object({ refreshToken: z.string().min(1).max(200) });
export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(1024),
});
export const CreateUserSchema = z.object({
  email: z.string().trim().email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(STAFF_ROLES),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(1024).optional(),
});
export const UpdateUserSchema = z
  .object({ name: z.string().trim().min(1).max(200), role: z.enum(STAFF_ROLES), active: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export const CreateApiKeySchema = z.object({
  name: z.string().trim().min(1).max(120),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
  expiresAt: z.coerce.date().optional(),
});
export const IdParam = z.string().uuid();
