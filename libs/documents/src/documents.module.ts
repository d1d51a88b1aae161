import { Module } from '@nestjs/common';
import { BRAND, loadBrand } from './brand';

/** The brand the documents are printed with, read once per process. */
@Module({
  providers: [{ provide: BRAND, useFactory: () => loadBrand() }],
  exports: [BRAND],
})
export class DocumentsModule {}
