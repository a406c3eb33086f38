import type { XmlElement } from '../../src/report/fixtures/parse-xml.ts';

/**
 * The JUnit XML schema CI tools read (Jenkins' junit.xsd after Ant's JUnit report, which
 * GitLab, GitHub test reporters and Azure accept), as rules: which elements may appear where,
 * which attributes they need and of what type. Returns every violation found.
 */
const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$/;

type AttrType = 'string' | 'integer' | 'decimal' | 'datetime';
interface ElementRule {
  required: Record<string, AttrType>;
  optional: Record<string, AttrType>;
  children: string[];
  text?: boolean;
}

const RULES: Record<string, ElementRule> = {
  testsuites: {
    required: {},
    optional: {
      name: 'string',
      tests: 'integer',
      failures: 'integer',
      errors: 'integer',
      skipped: 'integer',
      disabled: 'integer',
      time: 'decimal',
      timestamp: 'datetime',
    },
    children: ['testsuite'],
  },
  testsuite: {
    required: { name: 'string', tests: 'integer' },
    optional: {
      failures: 'integer',
      errors: 'integer',
      skipped: 'integer',
      disabled: 'integer',
      time: 'decimal',
      timestamp: 'datetime',
      hostname: 'string',
      id: 'string',
      package: 'string',
      file: 'string',
    },
    children: ['properties', 'testcase', 'system-out', 'system-err'],
  },
  properties: { required: {}, optional: {}, children: ['property'] },
  property: { required: { name: 'string', value: 'string' }, optional: {}, children: [] },
  testcase: {
    required: { name: 'string', classname: 'string' },
    optional: {
      time: 'decimal',
      assertions: 'integer',
      status: 'string',
      file: 'string',
      line: 'integer',
    },
    children: ['skipped', 'error', 'failure', 'system-out', 'system-err'],
  },
  failure: {
    required: {},
    optional: { message: 'string', type: 'string' },
    children: [],
    text: true,
  },
  error: {
    required: {},
    optional: { message: 'string', type: 'string' },
    children: [],
    text: true,
  },
  skipped: { required: {}, optional: { message: 'string' }, children: [], text: true },
  'system-out': { required: {}, optional: {}, children: [], text: true },
  'system-err': { required: {}, optional: {}, children: [], text: true },
};

export function junitSchemaViolations(root: XmlElement): string[] {
  const problems: string[] = [];
  if (root.name !== 'testsuites' && root.name !== 'testsuite') problems.push(`root <${root.name}>`);
  const visit = (el: XmlElement, path: string) => {
    const rule = RULES[el.name];
    if (rule === undefined) return problems.push(`${path}: unknown element`);
    for (const attr of Object.keys(rule.required))
      if (!(attr in el.attrs)) problems.push(`${path}: missing @${attr}`);
    for (const [attr, value] of Object.entries(el.attrs)) {
      const type = rule.required[attr] ?? rule.optional[attr];
      if (type === undefined) problems.push(`${path}: unexpected @${attr}`);
      else if (!valid(type, value)) problems.push(`${path}: @${attr}="${value}" is not ${type}`);
    }
    if (!rule.text && el.text.trim() !== '') problems.push(`${path}: unexpected text`);
    // A testcase has at most one result element.
    const results = el.children.filter((c) => ['skipped', 'error', 'failure'].includes(c.name));
    if (el.name === 'testcase' && results.length > 1)
      problems.push(`${path}: ${results.length} result elements`);
    for (const [i, child] of el.children.entries()) {
      if (!rule.children.includes(child.name))
        problems.push(`${path}: <${child.name}> not allowed`);
      visit(child, `${path}/${child.name}[${i}]`);
    }
    // properties must come first in a testsuite.
    const propsAt = el.children.findIndex((c) => c.name === 'properties');
    if (propsAt > 0) problems.push(`${path}: <properties> is not the first child`);
    return undefined;
  };
  visit(root, root.name);
  return problems;
}

function valid(type: AttrType, value: string): boolean {
  if (type === 'integer') return INTEGER.test(value);
  if (type === 'decimal') return DECIMAL.test(value);
  if (type === 'datetime') return ISO_DATETIME.test(value);
  return true;
}
