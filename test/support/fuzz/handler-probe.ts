import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { PERMISSION_KEY } from '../../../src/access/require-permission';
import type { Permission } from '../../../src/access/permissions';

type Controller = new (...args: never[]) => object;

/** What the probe knows of one route handler. */
export interface HandlerInfo {
  /** "POST /api/engagements/{id}/events", as the OpenAPI description writes it. */
  key: string;
  permission?: Permission;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const joinPath = (...parts: (string | undefined)[]): string =>
  '/' +
  parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter((s) => s !== '')
    .map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s))
    .join('/');

/**
 * Records which route handlers run: each controller method is wrapped (before the application is
 * built, so that Nest binds the wrapper) to note its route when it is called — that is, once the
 * guards and the validation pipe let the request through. The fuzz reads it to tell a route refused
 * at the door from one whose handler was reached.
 */
export class HandlerProbe {
  private readonly restore: (() => void)[] = [];
  readonly handlers = new Map<string, HandlerInfo>();
  /** Routes whose handler ran since the last reset. */
  hits: string[] = [];

  wrap(controllers: Controller[]): void {
    for (const controller of controllers) {
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      if (base === undefined) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const original = Object.getOwnPropertyDescriptor(proto, name)?.value as ((...args: unknown[]) => unknown) | undefined;
        if (typeof original !== 'function' || name === 'constructor') continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, original) as RequestMethod];
        const path = Reflect.getMetadata(PATH_METADATA, original) as string | undefined;
        if (!method || path === undefined) continue;
        const info: HandlerInfo = { key: `${method} ${joinPath(base, path)}`, permission: Reflect.getMetadata(PERMISSION_KEY, original) as Permission | undefined };
        this.handlers.set(info.key, info);
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the wrapper keeps the controller's `this`
        const probe = this;
        const wrapper = function (this: unknown, ...args: unknown[]): unknown {
          probe.hits.push(info.key);
          return original.apply(this, args);
        };
        for (const key of Reflect.getOwnMetadataKeys(original)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), wrapper);
        Object.defineProperty(wrapper, 'name', { value: original.name });
        proto[name] = wrapper;
        this.restore.push(() => {
          proto[name] = original;
        });
      }
    }
  }

  unwrap(): void {
    for (const undo of this.restore.splice(0)) undo();
  }
}
