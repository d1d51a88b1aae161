import { Module } from '@nestjs/common';
import { ConsistencyController } from './consistency.controller';
import { ConsistencyService } from './consistency.service';

/** `GET /admin/consistency` and the check behind `npm run check:consistency`. */
@Module({ controllers: [ConsistencyController], providers: [ConsistencyService], exports: [ConsistencyService] })
export class ConsistencyModule {}
