/**
 * The ARM expression evaluator: what it resolves, what it leaves unresolved (never guessed), how
 * partly known strings keep their known segments, and its limits on hostile input.
 */
import {
  ARM_EXPRESSION_LIMITS,
  ArmLimitError,
  ArmPartialString,
  ArmUnresolved,
  canonicalText,
  escapeArmString,
  evaluateArmString,
  evaluateArmTree,
  isArmExpression,
  materializeArmValue,
  nameSegments,
  parseArmExpression,
  type ArmScope,
  type ArmValue,
} from '../../lib/arm/expression';

function scope(params: Record<string, ArmValue> = {}, variables: Record<string, ArmValue> = {}, copy?: number): ArmScope {
  const p = new Map(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  const v = new Map(Object.entries(variables).map(([k, x]) => [k.toLowerCase(), x]));
  return {
    parameter: (n) => (p.has(n.toLowerCase()) ? p.get(n.toLowerCase())! : new ArmUnresolved(`parameters('${n}')`)),
    variable: (n) => (v.has(n.toLowerCase()) ? v.get(n.toLowerCase())! : new ArmUnresolved(`variables('${n}')`)),
    copyIndex: (loop) => (loop === undefined || loop === 'ports' ? copy : undefined),
    budget: { steps: 0 },
  };
}

const S = scope(
  { instanceName: 'aio-a', port: 8883, obj: { a: { b: [10, 20] }, Key: 'v' }, none: null, flag: true, list: ['x', 'y'] },
  { MQTT: { port: 18883, host: 'aio-broker' } },
  2,
);

describe('evaluateArmString: resolved values', () => {
  test.each<[string, ArmValue]>([
    ['plain text', 'plain text'],
    ['[[literal]', '[literal]'],
    ['[[not closed', '[[not closed'],
    ["[parameters('instanceName')]", 'aio-a'],
    ["[PARAMETERS('INSTANCENAME')]", 'aio-a'],
    ["[variables('mqtt').port]", 18883],
    ["[variables('MQTT')['host']]", 'aio-broker'],
    ["[parameters('obj').a.b[1]]", 20],
    ["[parameters('obj').key]", 'v'],
    ["[format('{0}/{1}/{2}', parameters('instanceName'), 'default', 'external')]", 'aio-a/default/external'],
    ["[format('{0}:{1} {{x}} {2}', 'h', parameters('port'), true())]", 'h:8883 {x} True'],
    ["[concat('a', '-', parameters('port'))]", 'a-8883'],
    ["[concat(parameters('list'), createArray('z'))]", ['x', 'y', 'z']],
    ["[string(parameters('port'))]", '8883'],
    ["[int('42')]", 42],
    ["[bool('True')]", true],
    ["[toLower('ABC')]", 'abc'],
    ["[toUpper('abc')]", 'ABC'],
    ["[length(parameters('list'))]", 2],
    ["[if(equals(parameters('port'), 8883), 'tls', 'plain')]", 'tls'],
    ["[if(false(), parameters('missing'), 'chosen')]", 'chosen'],
    ["[if(parameters('missing'), 'same', 'same')]", 'same'],
    ["[equals(createObject('a', 1), createObject('a', 1))]", true],
    ["[not(empty(parameters('none')))]", false],
    ["[empty('')]", true],
    ["[empty(createArray())]", true],
    ["[empty(createObject())]", true],
    ["[and(true, parameters('flag'))]", true],
    ["[or(false(), parameters('missing'), true())]", true],
    ["[and(false(), parameters('missing'))]", false],
    ["[coalesce(parameters('none'), null(), 'fallback')]", 'fallback'],
    ["[tryGet(parameters('obj'), 'a', 'b', 0)]", 10],
    ["[tryGet(parameters('obj'), 'nope')]", null],
    ["[tryGet(parameters('none'), 'x')]", null],
    ["[contains(parameters('list'), 'y')]", true],
    ["[contains('abc', 'd')]", false],
    ["[union(createObject('a', createObject('x', 1), 'b', 2), createObject('a', createObject('y', 3)))]", { a: { x: 1, y: 3 }, b: 2 }],
    ["[union(createArray(1, 2), createArray(2, 3))]", [1, 2, 3]],
    ["[createObject('k', createArray(1, 'two', null()))]", { k: [1, 'two', null] }],
    ["[resourceId('rg-1', 'Microsoft.IoTOperations/instances/brokers', 'aio-a', 'default')]",
      '/subscriptions/[subscription().subscriptionId]/resourceGroups/rg-1/providers/Microsoft.IoTOperations/instances/aio-a/brokers/default'],
    ['[copyIndex()]', 2],
    ["[copyIndex('ports', 1)]", 3],
    ['[copyIndex(10)]', 12],
    ["[ 'spaced' ]", 'spaced'],
    ["['it''s']", "it's"],
    ['[-5]', -5],
  ])('%s', (text, expected) => {
    const v = evaluateArmString(text, S);
    expect(v instanceof ArmPartialString ? canonicalText(v) : v).toEqual(expected);
  });
});

describe('evaluateArmString: what cannot be known stays unresolved, with its text', () => {
  test.each<[string, string]>([
    ["[parameters('missing')]", "parameters('missing')"],
    ["[variables('nope')]", "variables('nope')"],
    ['[resourceGroup().location]', 'resourceGroup().location'],
    ["[reference('x').outputs.y.value]", "reference('x').outputs.y.value"],
    ["[listKeys('k', '2020-01-01').keys[0].value]", "listKeys('k', '2020-01-01').keys[0].value"],
    ["[uniqueString(resourceGroup().id)]", 'uniqueString(resourceGroup().id)'],
    ["[_2.buildIdentity(createArray())]", '_2.buildIdentity(createArray())'],
    ["[parameters('obj').missing]", "parameters('obj').missing"],
    ["[parameters('list')[5]]", "parameters('list')[5]"],
    ["[toLower(parameters('missing'))]", "toLower(parameters('missing'))"],
    ["[equals(parameters('missing'), 'x')]", "equals(parameters('missing'), 'x')"],
    ["[if(parameters('missing'), 'a', 'b')]", "if(parameters('missing'), 'a', 'b')"],
    ["[coalesce(parameters('missing'), 'x')]", "coalesce(parameters('missing'), 'x')"],
    ["[format('{0:N2}', 1)]", "format('{0:N2}', 1)"],
    ["[format('{3}', 1)]", "format('{3}', 1)"],
    ["[copyIndex('other')]", "copyIndex('other')"],
    ["[parameters('obj').constructor]", "parameters('obj').constructor"],
    ["[parameters('obj')['__proto__']]", "parameters('obj')['__proto__']"],
    ["[toString(1)]", 'toString(1)'],
    ['[hasOwnProperty()]', 'hasOwnProperty()'],
    ['[unbalanced(]', 'unbalanced('],
    ["['unterminated]", "'unterminated"],
    ['[a b]', 'a b'],
  ])('%s', (text, unresolved) => {
    const v = evaluateArmString(text, S);
    expect(v).toBeInstanceOf(ArmUnresolved);
    expect((v as ArmUnresolved).text).toBe(unresolved);
  });

  test('an expression longer than ARM allows is not evaluated', () => {
    const long = `[concat('${'a'.repeat(ARM_EXPRESSION_LIMITS.maxExpressionLength)}')]`;
    expect(evaluateArmString(long, S)).toBeInstanceOf(ArmUnresolved);
  });

  test('deeply nested expressions are refused by the parser, not by the stack', () => {
    const deep = `${'not('.repeat(ARM_EXPRESSION_LIMITS.maxDepth + 5)}true${')'.repeat(ARM_EXPRESSION_LIMITS.maxDepth + 5)}`;
    expect(() => parseArmExpression(deep)).toThrow(`nested more than ${ARM_EXPRESSION_LIMITS.maxDepth} levels deep`);
    expect(evaluateArmString(`[${deep}]`, S)).toBeInstanceOf(ArmUnresolved);
  });

  test('a template that needs too many steps is refused as a whole', () => {
    const busy = scope();
    busy.budget.steps = ARM_EXPRESSION_LIMITS.maxSteps;
    expect(() => evaluateArmString("[concat('a')]", busy)).toThrow(ArmLimitError);
  });

  test('strings built larger than the limit are unresolved', () => {
    const big = 'x'.repeat(ARM_EXPRESSION_LIMITS.maxValueLength);
    expect(evaluateArmString("[concat(parameters('big'), parameters('big'))]", scope({ big }))).toBeInstanceOf(ArmUnresolved);
  });
});

describe('partly known strings', () => {
  test('format() and concat() keep the known parts; names split into known and unknown segments', () => {
    const v = evaluateArmString("[format('{0}/{1}/{2}', parameters('instance'), 'default', concat('ext-', parameters('suffix')))]", S);
    expect(v).toBeInstanceOf(ArmPartialString);
    expect(canonicalText(v)).toBe("[parameters('instance')]/default/ext-[parameters('suffix')]");
    expect(nameSegments(v)).toEqual([
      { text: "[parameters('instance')]", resolved: false },
      { text: 'default', resolved: true },
      { text: "ext-[parameters('suffix')]", resolved: false },
    ]);
  });

  test('resourceId() of an unknown name keeps the known path', () => {
    const v = evaluateArmString("[resourceId('Microsoft.ExtendedLocation/customLocations', parameters('cl'))]", S);
    expect(canonicalText(v)).toBe(
      "/subscriptions/[subscription().subscriptionId]/resourceGroups/[resourceGroup().name]/providers/Microsoft.ExtendedLocation/customLocations/[parameters('cl')]");
  });

  test('a resourceId() with the wrong number of names is unresolved', () => {
    expect(evaluateArmString("[resourceId('Microsoft.IoTOperations/instances/brokers', 'a')]", S)).toBeInstanceOf(ArmUnresolved);
  });

  test('empty() of a partly known string is false; other functions of it are unresolved', () => {
    expect(evaluateArmString("[empty(concat('x', parameters('m')))]", S)).toBe(false);
    expect(evaluateArmString("[toLower(concat('x', parameters('m')))]", S)).toBeInstanceOf(ArmUnresolved);
  });
});

describe('trees', () => {
  test('evaluateArmTree evaluates every string, keeps the rest, and drops __proto__ keys', () => {
    const tree = JSON.parse(`{"a": "[parameters('port')]", "b": ["[[x]", 1, true, null], "__proto__": {"polluted": 1}, "constructor": "kept"}`);
    const v = evaluateArmTree(tree, S);
    expect(v).toEqual({ a: 8883, b: ['[x]', 1, true, null], constructor: 'kept' });
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('materializeArmValue puts the original expression back and names its pointer', () => {
    const v = evaluateArmTree({ ports: [{ port: "[parameters('p')]", tls: { mode: 'Automatic' } }], 'a/b': "[reference('r')]" }, S);
    const unresolved: string[] = [];
    expect(materializeArmValue(v, '/spec', unresolved)).toEqual({ ports: [{ port: "[parameters('p')]", tls: { mode: 'Automatic' } }], 'a/b': "[reference('r')]" });
    expect(unresolved).toEqual(['/spec/ports/0/port', '/spec/a~1b']);
  });
});

describe('escaping', () => {
  test.each([
    ['[x]', true, '[[x]'],
    ['[[x]', false, '[[[x]'],
    ['[x', false, '[x'],
    ['x]', false, 'x]'],
    ['[]', true, '[[]'],
    ['', false, ''],
  ])('%j: expression %s, escaped %j, evaluates back to itself', (s, expression, escaped) => {
    expect(isArmExpression(s)).toBe(expression);
    expect(escapeArmString(s)).toBe(escaped);
    expect(evaluateArmString(escapeArmString(s), S)).toBe(s);
  });
});
