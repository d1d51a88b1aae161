import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, loadConfig } from '@northstar/config';
import { PrismaModule } from '@northstar/prisma';
import { ClickhouseModule } from '@northstar/clickhouse';
import { QueuesModule } from '@northstar/queues';
import { WorkersHostModule } from '@northstar/workers-host';
import { FEATURE_MODULES } from './feature-modules';

@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    const config = loadConfig();
    const allInOne = config.RUN_MODE === 'all-in-one';
    return {
      module: AppModule,
      imports: [
        ConfigModule,
        PrismaModule,
        ClickhouseModule,
        QueuesModule.forRoot(),
        ...FEATURE_MODULES,
        ...(allInOne ? [WorkersHostModule.forRoot()] : []),
      ],
    };
  }
}
