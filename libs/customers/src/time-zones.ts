/**
 * Default IANA zone per country (the most populous zone for multi-zone countries);
 * anything else falls back to UTC. Staff can set the exact zone.
 */
const COUNTRY_ZONE: Record<string, string> = {
  CA: 'America/Toronto', US: 'America/New_York', MX: 'America/Mexico_City', BR: 'America/Sao_Paulo', AR: 'America/Argentina/Buenos_Aires',
  GB: 'Europe/London', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', ES: 'Europe/Madrid', IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', CH: 'Europe/Zurich', AT: 'Europe/Vienna', PT: 'Europe/Lisbon', SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki', PL: 'Europe/Warsaw', GR: 'Europe/Athens', TR: 'Europe/Istanbul',
  IN: 'Asia/Kolkata', CN: 'Asia/Shanghai', JP: 'Asia/Tokyo', KR: 'Asia/Seoul', SG: 'Asia/Singapore', PH: 'Asia/Manila',
  AE: 'Asia/Dubai', IL: 'Asia/Jerusalem', AU: 'Australia/Sydney', NZ: 'Pacific/Auckland', ZA: 'Africa/Johannesburg', NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi', EG: 'Africa/Cairo',
};

export function defaultTimeZone(country?: string | null): string {
  return (country && COUNTRY_ZONE[country.toUpperCase()]) || 'UTC';
}

export { isValidTimeZone } from '@northstar/business-hours';
