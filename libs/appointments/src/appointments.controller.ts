import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentActor, CustomerLink, Staff, type Actor } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, zod } from '@northstar/http';
import { PrismaService, type Appointment } from '@northstar/prisma';
import { APPOINTMENT_TYPES } from './appointment-types';
import { BookAppointmentSchema, CancelSchema, ListAppointmentsSchema, RescheduleSchema, SlotsQuerySchema, type BookAppointment, type ListAppointmentsQuery } from './appointment.schemas';
import { AppointmentService } from './appointment.service';
import { formatInZone, zonedToUtc } from './zoned-time';
import { AuditRead } from '@northstar/audit';

export function presentAppointment(a: Appointment) {
  return {
    id: a.id,
    customerId: a.customerId,
    quoteId: a.quoteId,
    type: a.type,
    status: a.status,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    localStart: formatInZone(a.startsAt, a.timeZone),
    localEnd: formatInZone(a.endsAt, a.timeZone),
    timeZone: a.timeZone,
    meetUrl: a.meetUrl,
    eventLink: a.eventLink,
    rescheduleCount: a.rescheduleCount,
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
    cancelReason: a.cancelReason,
  };
}

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentService,
    private readonly prisma: PrismaService,
  ) {}

  @Get()
  @AuditRead('appointment')
  @Staff()
  @ApiOperation({ summary: 'Appointments starting in [from, to), earliest first, with the customer name (bare dates are midnight on timeZone, default the business zone)' })
  @ApiZodQuery(ListAppointmentsSchema)
  async list(@Query(zod(ListAppointmentsSchema)) q: ListAppointmentsQuery) {
    const zone = q.timeZone ?? this.appointments.settings.rules.businessHours.timeZone;
    const at = (v: string) => {
      if (v.length > 10) return new Date(v);
      const [year, month, day] = v.split('-').map(Number);
      return zonedToUtc({ year, month, day }, 0, zone);
    };
    const rows = await this.prisma.appointment.findMany({
      where: { startsAt: { gte: at(q.from), lt: at(q.to) }, status: q.status, customerId: q.customerId },
      orderBy: { startsAt: 'asc' },
      take: q.limit,
      include: { customer: { select: { name: true } } },
    });
    return rows.map((a) => ({ ...presentAppointment(a), customer: { name: a.customer.name } }));
  }

  @Get('types')
  @Staff()
  types() {
    return { types: Object.entries(APPOINTMENT_TYPES).map(([type, t]) => ({ type, ...t })) };
  }

  @Get('slots')
  @Staff()
  @ApiOperation({ summary: '15-minute slots inside business hours where a team calendar is free (buffers, notice, horizon), on the customer clock' })
  @ApiZodQuery(SlotsQuerySchema)
  async slots(@Query(zod(SlotsQuerySchema)) q: z.infer<typeof SlotsQuerySchema>) {
    let tz = q.timeZone;
    if (!tz && q.customerId) tz = (await this.prisma.customer.findUnique({ where: { id: q.customerId } }))?.timeZone;
    return this.appointments.slots(q.type, q.from, q.to, tz ?? this.appointments.settings.rules.businessHours.timeZone);
  }

  @Post()
  @Staff()
  @ApiOperation({ summary: 'Book: Google event with Meet link and invitation; 409 slot_taken with fresh slots when lost' })
  @ApiZodBody(BookAppointmentSchema)
  async book(@Body(zod(BookAppointmentSchema)) body: BookAppointment, @CurrentActor() actor: Actor) {
    return presentAppointment(await this.appointments.book(body, actor.type === 'user' ? actor.id : null));
  }

  @Get(':id')
  @AuditRead('appointment')
  @Staff()
  async get(@Param('id') id: string) {
    return presentAppointment(await this.appointments.get(id));
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(RescheduleSchema)
  async reschedule(@Param('id') id: string, @Body(zod(RescheduleSchema)) body: z.infer<typeof RescheduleSchema>) {
    return presentAppointment(await this.appointments.reschedule(id, body.startsAt));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(CancelSchema)
  async cancel(@Param('id') id: string, @Body(zod(CancelSchema)) body: z.infer<typeof CancelSchema>) {
    return presentAppointment(await this.appointments.cancel(id, body.reason));
  }

  @Post(':id/held')
  @HttpCode(200)
  @Staff()
  async held(@Param('id') id: string) {
    return presentAppointment(await this.appointments.recordOutcome(id, 'held'));
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Staff()
  async noShow(@Param('id') id: string) {
    return presentAppointment(await this.appointments.recordOutcome(id, 'no_show'));
  }
}

/** The customer's own appointment, from the signed link in the confirmation (?token=…). */
@ApiTags('customer appointments')
@ApiQuery({ name: 'token', required: true })
@Controller('customer/appointments')
export class CustomerAppointmentsController {
  constructor(private readonly appointments: AppointmentService) {}

  @Get(':id')
  @AuditRead('appointment')
  @CustomerLink('appointment')
  async get(@Param('id') id: string) {
    return presentAppointment(await this.appointments.get(id));
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @CustomerLink('appointment')
  @ApiZodBody(RescheduleSchema)
  async reschedule(@Param('id') id: string, @Body(zod(RescheduleSchema)) body: z.infer<typeof RescheduleSchema>) {
    return presentAppointment(await this.appointments.reschedule(id, body.startsAt));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @CustomerLink('appointment')
  @ApiZodBody(CancelSchema)
  async cancel(@Param('id') id: string, @Body(zod(CancelSchema)) body: z.infer<typeof CancelSchema>) {
    return presentAppointment(await this.appointments.cancel(id, body.reason));
  }
}
