import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AccessRedis } from './access-redis';
import { ApiKeyService } from './api-key.service';
import { ApiKeysController } from './api-keys.controller';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CustomerLinkService } from './customer-link.service';
import { LoginLockout } from './login-lockout';
import { RateLimitGuard, RateLimiter } from './rate-limit';
import { RoleMatrixCheck } from './role-matrix-check';
import { TokenKeys } from './token-keys';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/**
 * Users, sessions, API keys, customer links and the two global guards. The rate
 * limit guard is registered first so a flood is turned away before any password
 * or token work is done for it.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController, UsersController, ApiKeysController],
  providers: [
    AccessRedis,
    TokenKeys,
    LoginLockout,
    AuthService,
    ApiKeyService,
    CustomerLinkService,
    UsersService,
    RateLimiter,
    RoleMatrixCheck,
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, ApiKeyService, CustomerLinkService, UsersService, RateLimiter, AccessRedis],
})
export class AccessModule {}
