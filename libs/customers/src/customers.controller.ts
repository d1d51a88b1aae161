import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, zod } from '@northstar/http';
import { z } from 'zod';
import {
  ContactInputSchema,
  DocumentUploadSchema,
  MergeCustomersSchema,
  NoteSchema,
  PreferencesSchema,
  RegisterCustomerSchema,
  SearchCustomersSchema,
  type PreferencesInput,
  type RegisterCustomerInput,
  type SearchCustomersQuery,
} from './customer.schemas';
import { CustomerService, actorSource } from './customer.service';
import { ConsentService } from './consent.service';
import { CustomerSearchService } from './customer-search.service';

const STAFF = ['operations', 'customer_success', 'management'] as const;

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerService,
    private readonly consent: ConsentService,
    private readonly searchService: CustomerSearchService,
  ) {}

  /** Registration by staff for any channel (phone, walk-in, chat/WhatsApp, referral, service desk, web form). */
  @Post()
  @Roles(...STAFF)
  @ApiZodBody(RegisterCustomerSchema)
  register(@Body(zod(RegisterCustomerSchema)) body: RegisterCustomerInput) {
    return this.customers.register(body);
  }

  @Get()
  @Roles(...STAFF)
  @ApiZodQuery(SearchCustomersSchema)
  search(@Query(zod(SearchCustomersSchema)) q: SearchCustomersQuery) {
    return this.searchService.search(q);
  }

  @Post('merge')
  @Roles('customer_success', 'management')
  @HttpCode(200)
  @ApiZodBody(MergeCustomersSchema)
  merge(@Body(zod(MergeCustomersSchema)) body: z.output<typeof MergeCustomersSchema>, @CurrentActor() actor: Actor) {
    return this.customers.merge(body.fromId, body.intoId, actor, body.reason);
  }

  @Get(':id')
  @Roles(...STAFF)
  profile(@Param('id') id: string) {
    return this.customers.profile(id);
  }

  @Delete(':id')
  @Roles('customer_success', 'management')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentActor() actor: Actor) {
    await this.customers.softDelete(id, actor);
  }

  @Get(':id/preferences')
  @Roles(...STAFF)
  preferences(@Param('id') id: string) {
    return this.consent.get(id);
  }

  @Put(':id/preferences')
  @Roles(...STAFF)
  @ApiZodBody(PreferencesSchema)
  updatePreferences(@Param('id') id: string, @Body(zod(PreferencesSchema)) body: PreferencesInput, @CurrentActor() actor: Actor) {
    return this.consent.update(id, body, actorSource(actor));
  }

  @Get(':id/consent-history')
  @Roles(...STAFF)
  consentHistory(@Param('id') id: string) {
    return this.consent.history(id);
  }

  @Post(':id/contacts')
  @Roles(...STAFF)
  @ApiZodBody(ContactInputSchema)
  addContact(@Param('id') id: string, @Body(zod(ContactInputSchema)) body: z.output<typeof ContactInputSchema>) {
    return this.customers.addContact(id, body);
  }

  @Post(':id/notes')
  @Roles(...STAFF)
  @ApiZodBody(NoteSchema)
  addNote(@Param('id') id: string, @Body(zod(NoteSchema)) body: { body: string }, @CurrentActor() actor: Actor) {
    return this.customers.addNote(id, body.body, actor.type === 'user' ? actor.id : undefined);
  }

  @Post(':id/documents')
  @Roles(...STAFF)
  @ApiZodBody(DocumentUploadSchema)
  addDocument(@Param('id') id: string, @Body(zod(DocumentUploadSchema)) body: z.output<typeof DocumentUploadSchema>, @CurrentActor() actor: Actor) {
    return this.customers.addDocument(id, body, actor.type === 'user' ? actor.id : undefined);
  }
}
