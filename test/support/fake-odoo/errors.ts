// Errors the fake raises the way Odoo's JSON-2 dispatcher reports them (odoo-erp.md §3).
export class FakeOdooFault extends Error {
  constructor(
    readonly status: number,
    readonly odooName: string,
    message: string,
  ) {
    super(message);
  }

  /** UserError: business rule, e.g. "nothing left to pay" (422). */
  static user(message: string): FakeOdooFault {
    return new FakeOdooFault(422, 'odoo.exceptions.UserError', message);
  }

  static validation(message: string): FakeOdooFault {
    return new FakeOdooFault(422, 'odoo.exceptions.ValidationError', message);
  }

  static missing(model: string, ids: number[]): FakeOdooFault {
    return new FakeOdooFault(422, 'odoo.exceptions.MissingError', `Record does not exist or has been deleted.\n(Record: ${model}(${ids.join(', ')}))`);
  }

  static notFound(message = 'Not Found'): FakeOdooFault {
    return new FakeOdooFault(404, 'werkzeug.exceptions.NotFound', message);
  }

  static badArguments(message: string): FakeOdooFault {
    return new FakeOdooFault(422, 'werkzeug.exceptions.UnprocessableEntity', message);
  }
}
