import { assertTestDatabaseName } from './support/test-database';

describe('the test suite database guard', () => {
  it('refuses a database whose name does not look like a test database', () => {
    expect(() => assertTestDatabaseName('postgres://postgres@127.0.0.1:5432/u4ssc')).toThrow(/Refusing to run the tests against database "u4ssc"/);
    expect(() => assertTestDatabaseName('postgres://postgres@127.0.0.1:5432/production')).toThrow(/does not look like a test database/);
    expect(() => assertTestDatabaseName('postgres://postgres@127.0.0.1:5432/contest_results')).toThrow();
  });

  it('accepts test databases', () => {
    expect(assertTestDatabaseName('postgres://postgres@127.0.0.1:5432/test')).toBe('test');
    expect(assertTestDatabaseName('postgres://postgres@127.0.0.1:5432/u4ssc_ci_test_1764')).toBe('u4ssc_ci_test_1764');
  });
});
