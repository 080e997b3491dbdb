import { Module } from '@nestjs/common';
import { PdfPrinter } from './pdf-printer';
import { TemplateRenderer } from './template-renderer';

/** The Handlebars engine shared by the reports and the dashboard, and the PDF printer (headless Chromium). */
@Module({
  providers: [TemplateRenderer, PdfPrinter],
  exports: [TemplateRenderer, PdfPrinter],
})
export class RenderingModule {}
