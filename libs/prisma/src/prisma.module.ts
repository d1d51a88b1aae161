import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** Global: every feature module injects PrismaService without importing this module again. */
@Global()
@Module({
  providers: [PrismaService],
  exports: [PrismaService],
})
export class PrismaModule {}
