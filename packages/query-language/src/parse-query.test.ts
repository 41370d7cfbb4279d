import { describe, expect, it } from 'vitest'
import { QueryLanguageError } from './errors.js'
import { parseQuery, type QueryNode } from './parse-query.js'

const MALFORMED = 'Error parsing query - Malformed query.'
const TOO_LONG = 'Error parsing query - Query exceeds the maximum length of 2048 characters.'

function clause(path: string, operator: string, value: string): QueryNode {
  return { kind: 'clause', path, operator, value } as QueryNode
}

function errorOf(text: string): { code: string; message: string } {
  try {
    parseQuery(text)
  } catch (error) {
    expect(error).toBeInstanceOf(QueryLanguageError)
    const { code, message } = error as QueryLanguageError
    return { code, message }
  }
  throw new Error(`parseQuery(${JSON.stringify(text)}) did not throw`)
}

describe('parseQuery', () => {
  it('reads a clause with each operator', () => {
    expect(parseQuery('name=Acme')).toEqual(clause('name', '=', 'Acme'))
    expect(parseQuery('name!=Acme')).toEqual(clause('name', '!=', 'Acme'))
    expect(parseQuery('name~acm')).toEqual(clause('name', '~', 'acm'))
    expect(parseQuery('amount>1')).toEqual(clause('amount', '>', '1'))
    expect(parseQuery('amount<1')).toEqual(clause('amount', '<', '1'))
    expect(parseQuery('amount>=1')).toEqual(clause('amount', '>=', '1'))
    expect(parseQuery('amount<=1')).toEqual(clause('amount', '<=', '1'))
  })

  it('allows whitespace around tokens and trims raw values', () => {
    expect(parseQuery('  name  =   Acme Ltd   ')).toEqual(clause('name', '=', 'Acme Ltd'))
    expect(parseQuery('\tamount\n>=\r\n 10 ')).toEqual(clause('amount', '>=', '10'))
  })

  it('reads URL-style queries without spaces', () => {
    expect(parseQuery('sourceType=accounting&&enabled=true')).toEqual({
      kind: 'and',
      children: [clause('sourceType', '=', 'accounting'), clause('enabled', '=', 'true')],
    })
    expect(parseQuery('a=1||b=2||c=3')).toEqual({ kind: 'or', children: [clause('a', '=', '1'), clause('b', '=', '2'), clause('c', '=', '3')] })
  })

  it('reads dotted sub-properties', () => {
    expect(parseQuery('tags.region=uk')).toEqual(clause('tags.region', '=', 'uk'))
    expect(parseQuery('dataConnections.status=Linked')).toEqual(clause('dataConnections.status', '=', 'Linked'))
  })

  it('groups with braces and keeps groups as written', () => {
    expect(parseQuery('{a=1 && b=2} || c=3')).toEqual({
      kind: 'or',
      children: [{ kind: 'and', children: [clause('a', '=', '1'), clause('b', '=', '2')] }, clause('c', '=', '3')],
    })
    expect(parseQuery('a=1 || {b=2 && {c=3 || d=4}}')).toEqual({
      kind: 'or',
      children: [
        clause('a', '=', '1'),
        { kind: 'and', children: [clause('b', '=', '2'), { kind: 'or', children: [clause('c', '=', '3'), clause('d', '=', '4')] }] },
      ],
    })
    expect(parseQuery('{a=1 && b=2} && c=3')).toEqual({
      kind: 'and',
      children: [{ kind: 'and', children: [clause('a', '=', '1'), clause('b', '=', '2')] }, clause('c', '=', '3')],
    })
  })

  it('drops braces around a single clause', () => {
    expect(parseQuery('{a=1}')).toEqual(clause('a', '=', '1'))
    expect(parseQuery(' { { {a = x y } } } ')).toEqual(clause('a', '=', 'x y'))
  })

  it('refuses && and || mixed at one level', () => {
    expect(errorOf('a=1 && b=2 || c=3')).toEqual({ code: 'query_malformed', message: MALFORMED })
    expect(errorOf('a=1 || b=2 && c=3')).toEqual({ code: 'query_malformed', message: MALFORMED })
    expect(errorOf('{a=1 || b=2 && c=3}')).toEqual({ code: 'query_malformed', message: MALFORMED })
    expect(parseQuery('{a=1 && b=2} || {c=3 && d=4}')).toMatchObject({ kind: 'or' })
  })

  it('keeps single & and | inside raw values', () => {
    expect(parseQuery('name=Marks & Spencer')).toEqual(clause('name', '=', 'Marks & Spencer'))
    expect(parseQuery('name=a|b && x=1')).toEqual({ kind: 'and', children: [clause('name', '=', 'a|b'), clause('x', '=', '1')] })
    expect(parseQuery('name=O"Brien')).toEqual(clause('name', '=', 'O"Brien'))
    expect(parseQuery('name=C:\\temp')).toEqual(clause('name', '=', 'C:\\temp'))
  })

  it('ends a raw value at the first &&, || or }', () => {
    expect(parseQuery('{name=a}')).toEqual(clause('name', '=', 'a'))
    expect(errorOf('name=a&&&b=1')).toEqual({ code: 'query_malformed', message: MALFORMED })
  })

  it('reads the text after the operator as the value, even if it starts with an operator character', () => {
    expect(parseQuery('a==1')).toEqual(clause('a', '=', '=1'))
    expect(parseQuery('a!==1')).toEqual(clause('a', '!=', '=1'))
    expect(parseQuery('a~~')).toEqual(clause('a', '~', '~'))
  })

  it('reads quoted values with escapes', () => {
    expect(parseQuery('name="  padded  "')).toEqual(clause('name', '=', '  padded  '))
    expect(parseQuery('name="a && b || {c}"')).toEqual(clause('name', '=', 'a && b || {c}'))
    expect(parseQuery('name="say \\"hi\\" \\\\ back"')).toEqual(clause('name', '=', 'say "hi" \\ back'))
    expect(parseQuery('name = "x}" && b=1')).toEqual({ kind: 'and', children: [clause('name', '=', 'x}'), clause('b', '=', '1')] })
    expect(parseQuery('{name="x"}')).toEqual(clause('name', '=', 'x'))
  })

  it('refuses broken quoting', () => {
    for (const text of ['name="abc', 'name="a" b', 'name="a\\n"', 'name="a\\', 'name=""', 'name="a"b=1']) {
      expect(errorOf(text), text).toEqual({ code: 'query_malformed', message: MALFORMED })
    }
  })

  it('refuses empty values, missing operators and bad property names', () => {
    for (const text of ['name=', 'name=   && a=1', 'name', 'name Acme', '=1', 'a..b=1', '.a=1', 'a.=1', 'a b=1', 'a!b=1', 'a&b=1', 'name={x', 'name=x{y}']) {
      expect(errorOf(text), text).toEqual({ code: 'query_malformed', message: MALFORMED })
    }
  })

  it('refuses dangling connectives and unbalanced braces', () => {
    for (const text of ['a=1 &&', '&& a=1', 'a=1 && && b=2', 'a=1 ||', '{a=1', 'a=1}', '{a=1}}', '{}', '{ }', '}', '{{a=1}', 'a=1 {b=2}']) {
      expect(errorOf(text), text).toEqual({ code: 'query_malformed', message: MALFORMED })
    }
  })

  it('accepts nesting 32 deep and refuses 33', () => {
    expect(parseQuery(`${'{'.repeat(32)}a=1${'}'.repeat(32)}`)).toEqual(clause('a', '=', '1'))
    expect(errorOf(`${'{'.repeat(33)}a=1${'}'.repeat(33)}`)).toEqual({ code: 'query_malformed', message: MALFORMED })
    // Far deeper than any stack: still just malformed.
    expect(errorOf('{'.repeat(2000))).toEqual({ code: 'query_malformed', message: MALFORMED })
  })

  it('accepts 2048 characters and refuses 2049, before looking at the syntax', () => {
    const exactly = `name=${'x'.repeat(2043)}`
    expect(exactly).toHaveLength(2048)
    expect(parseQuery(exactly)).toEqual(clause('name', '=', 'x'.repeat(2043)))
    expect(errorOf(`${exactly}x`)).toEqual({ code: 'query_too_long', message: TOO_LONG })
    expect(errorOf('{'.repeat(5000))).toEqual({ code: 'query_too_long', message: TOO_LONG })
  })

  it('returns undefined for an empty or blank query', () => {
    expect(parseQuery('')).toBeUndefined()
    expect(parseQuery('  \t\n ')).toBeUndefined()
  })

  it('treats only ASCII whitespace as whitespace', () => {
    expect(parseQuery('name=Acme\u00a0')).toEqual(clause('name', '=', 'Acme\u00a0'))
    // Part of the name, so the property is unknown rather than the syntax wrong.
    expect(parseQuery('\u00a0name=Acme')).toEqual(clause('\u00a0name', '=', 'Acme'))
  })

  it('refuses NUL and lone surrogates, which the database could not compare faithfully', () => {
    expect(errorOf('name=a\u0000b')).toEqual({ code: 'query_malformed', message: MALFORMED })
    expect(errorOf('name=a\ud800')).toEqual({ code: 'query_malformed', message: MALFORMED })
    expect(parseQuery('name=😀')).toEqual(clause('name', '=', '😀'))
  })

  it('refuses a non-string parameter, as a repeated ?query= would give', () => {
    expect(errorOf(['a=1', 'b=2'] as unknown as string)).toEqual({ code: 'query_malformed', message: MALFORMED })
  })
})
