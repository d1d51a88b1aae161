import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Staff, type Actor } from '@northstar/access';
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
import { UpdateCustomerSchema, type UpdateCustomerInput } from './customer-update.schema';
import { CustomerService, actorSource } from './customer.service';
import { ConsentService } from './consent.service';
import { CustomerSearchService } from './customer-search.service';
import { AuditRead } from '@northstar/audit';


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
  @Staff()
  @ApiZodBody(RegisterCustomerSchema)
  register(@Body(zod(RegisterCustomerSchema)) body: RegisterCustomerInput) {
    return this.customers.register(body);
  }

  @Get()
  @AuditRead('customer')
  @Staff()
  @ApiZodQuery(SearchCustomersSchema)
  search(@Query(zod(SearchCustomersSchema)) q: SearchCustomersQuery) {
    return this.searchService.search(q);
  }

  @Post('merge')
  @Staff()
  @HttpCode(200)
  @ApiZodBody(MergeCustomersSchema)
  merge(@Body(zod(MergeCustomersSchema)) body: z.output<typeof MergeCustomersSchema>, @CurrentActor() actor: Actor) {
    return this.customers.merge(body.fromId, body.intoId, actor, body.reason);
  }

  @Get(':id')
  @AuditRead('customer')
  @Staff()
  profile(@Param('id') id: string) {
    return this.customers.profile(id);
  }

  /** Master data corrections, validated and audited (stages are derived, not edited). */
  @Patch(':id')
  @Staff()
  @ApiZodBody(UpdateCustomerSchema)
  update(@Param('id') id: string, @Body(zod(UpdateCustomerSchema)) body: UpdateCustomerInput, @CurrentActor() actor: Actor) {
    return this.customers.update(id, body, actor);
  }

  @Delete(':id')
  @Staff()
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentActor() actor: Actor) {
    await this.customers.softDelete(id, actor);
  }

  @Get(':id/preferences')
  @AuditRead('customer')
  @Staff()
  preferences(@Param('id') id: string) {
    return this.consent.get(id);
  }

  @Put(':id/preferences')
  @Staff()
  @ApiZodBody(PreferencesSchema)
  updatePreferences(@Param('id') id: string, @Body(zod(PreferencesSchema)) body: PreferencesInput, @CurrentActor() actor: Actor) {
    return this.consent.update(id, body, actorSource(actor));
  }

  @Get(':id/consent-history')
  @AuditRead('customer')
  @Staff()
  consentHistory(@Param('id') id: string) {
    return this.consent.history(id);
  }

  @Post(':id/contacts')
  @Staff()
  @ApiZodBody(ContactInputSchema)
  addContact(@Param('id') id: string, @Body(zod(ContactInputSchema)) body: z.output<typeof ContactInputSchema>) {
    return this.customers.addContact(id, body);
  }

  @Post(':id/notes')
  @Staff()
  @ApiZodBody(NoteSchema)
  addNote(@Param('id') id: string, @Body(zod(NoteSchema)) body: { body: string }, @CurrentActor() actor: Actor) {
    return this.customers.addNote(id, body.body, actor.type === 'user' ? actor.id : undefined);
  }

  @Post(':id/documents')
  @Staff()
  @ApiZodBody(DocumentUploadSchema)
  addDocument(@Param('id') id: string, @Body(zod(DocumentUploadSchema)) body: z.output<typeof DocumentUploadSchema>, @CurrentActor() actor: Actor) {
    return this.customers.addDocument(id, body, actor.type === 'user' ? actor.id : undefined);
  }
}
