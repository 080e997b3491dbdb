import { Module } from '@nestjs/common';
import { TemplateRenderer } from './template-renderer';

/** The Handlebars engine shared by the reports and the dashboard. */
@Module({
  providers: [TemplateRenderer],
  exports: [TemplateRenderer],
})
export class RenderingModule {}
