export * from './staff-auth-header';
