import { Module } from '@nestjs/common';
import { LifecycleStageModule } from '@northstar/lifecycle-stage';
import { CustomersController } from './customers.controller';
import { CustomerService } from './customer.service';
import { ConsentService } from './consent.service';
import { CustomerSearchService } from './customer-search.service';

@Module({
  imports: [LifecycleStageModule],
  controllers: [CustomersController],
  providers: [CustomerService, ConsentService, CustomerSearchService],
  exports: [CustomerService, ConsentService, CustomerSearchService],
})
export class CustomersModule {}
