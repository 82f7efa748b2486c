import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanTerminalOutput } from './clean-output.js';
import { splitCommands } from './split-commands.js';

describe('splitCommands', () => {
  const cases: { name: string; text: string; expected: string[] }[] = [
    { name: 'a single command', text: 'echo hi', expected: ['echo hi'] },
    { name: 'two lines', text: 'echo a\necho b', expected: ['echo a', 'echo b'] },
    { name: 'a chain on one line', text: 'echo a; echo b && echo c', expected: ['echo a; echo b && echo c'] },
    { name: 'a for loop over lines', text: 'for i in 1 2; do\n  echo $i\ndone', expected: ['for i in 1 2; do\n  echo $i\ndone'] },
    {
      name: 'an if block followed by a command',
      text: 'if true; then\n echo y\nelse\n echo n\nfi\necho after',
      expected: ['if true; then\n echo y\nelse\n echo n\nfi', 'echo after'],
    },
    {
      name: 'a here-document whose body looks like commands',
      text: 'cat <<EOF > f.txt\nline\necho not a command\nEOF',
      expected: ['cat <<EOF > f.txt\nline\necho not a command\nEOF'],
    },
    {
      name: 'a quoted, tab-stripped here-document then a command',
      text: 'cat <<-"END"\n\tbody\n\tEND\necho x',
      expected: ['cat <<-"END"\n\tbody\n\tEND', 'echo x'],
    },
    { name: 'a string across lines', text: 'python3 -c "print(1)\nprint(2)"', expected: ['python3 -c "print(1)\nprint(2)"'] },
    { name: 'a single-quoted string across lines', text: "echo 'a\nb'", expected: ["echo 'a\nb'"] },
    { name: 'a trailing && or |', text: 'ls &&\n  echo ok |\n  cat', expected: ['ls &&\n  echo ok |\n  cat'] },
    { name: 'a trailing backslash', text: 'echo a \\\n  b', expected: ['echo a \\\n  b'] },
    {
      name: 'case patterns with parentheses',
      text: 'case $x in\n  a) echo a;;\n  b|c) echo bc;;\nesac',
      expected: ['case $x in\n  a) echo a;;\n  b|c) echo bc;;\nesac'],
    },
    { name: 'a comment line', text: '# setup\necho real', expected: ['echo real'] },
    { name: 'a quote inside a substitution', text: 'echo "$(echo ")")"\necho 2', expected: ['echo "$(echo ")")"', 'echo 2'] },
    { name: 'text it cannot follow', text: 'echo "unclosed\necho b', expected: ['echo "unclosed\necho b'] },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => assert.deepEqual(splitCommands(testCase.text), testCase.expected));
  }
});

describe('cleanTerminalOutput', () => {
  it('drops colour and OSC sequences, CRs before newlines, and keeps what a CR overwrote last', () => {
    assert.equal(cleanTerminalOutput('\x1b[1;31mred\x1b[0m\r\n\x1b]0;title\x07ok\r\n'), 'red\nok\n');
    assert.equal(cleanTerminalOutput('10%\r100%\r\n'), '100%\n');
    assert.equal(cleanTerminalOutput('abcdef\rXY\n'), 'XYcdef\n');
  });
});
