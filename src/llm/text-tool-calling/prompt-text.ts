// Product text for prompt-based tool calling (agent.md 11.9), kept apart from the logic that
// uses it (style.md 2.11). `{{functions}}` is replaced by the rendered function list.

export const SYSTEM_SUFFIX = `

You can call the functions listed below.

{{functions}}

To call a function, end your reply with exactly one call written like this:

<function=NAME_OF_THE_FUNCTION>
<parameter=NAME_OF_A_PARAMETER>value</parameter>
<parameter=NAME_OF_ANOTHER_PARAMETER>a value can
span several lines</parameter>
</function>

How to call functions:
- Put at most one call in a reply, as its last part. Say what you are thinking before the call, never after it.
- Give every parameter marked "required". Only use the parameters listed for that function.
- A value is everything between <parameter=NAME> and </parameter>, newlines included, so start it right after the ">".
- Write values as plain text: no quotes around them and no escaping. Arrays and objects are written as JSON.
- Do not put the call inside a code block.
- When no function is needed, answer in plain text without any call.
`;

export const FUNCTIONS_HEADER = 'Functions:';

export const EXAMPLE_INTRO = `Here is an example of how to call functions, from an unrelated task. It only shows the format.

--------------------- START OF EXAMPLE ---------------------
`;

export const EXAMPLE_OUTRO = `
--------------------- END OF EXAMPLE ---------------------

The example is over. Do not assume anything from it about the files, commands or results of the real task, which follows.

`;

export const FIRST_MESSAGE_REMINDER = `

Remember: a reply contains at most one function call, at its end, in the <function=...> format described in the system message.`;

export const EXECUTION_RESULT_PREFIX = 'EXECUTION RESULT of [{{name}}]:\n';

export const EXAMPLE_USER_TASK = 'Please add a script hello.py to the project that prints "Hello, world!", and check that it works.';

/** One step of the in-context example; a step is shown only when its tool is available. */
export interface ExampleStep {
  tool: string;
  thought: string;
  parameters: Record<string, string>;
  result: string;
}

export const EXAMPLE_STEPS: readonly ExampleStep[] = [
  {
    tool: 'task_tracker',
    thought: 'I will plan the work first.',
    parameters: {
      command: 'plan',
      task_list: '[{"title": "Create hello.py", "notes": "", "status": "in_progress"}, {"title": "Run it", "notes": "", "status": "todo"}]',
    },
    result: 'Task list updated with 2 tasks.',
  },
  {
    tool: 'terminal',
    thought: 'Let me see where I am and what the project contains.',
    parameters: { command: 'pwd && ls' },
    result: '/workspace/demo\nREADME.md\n[The command completed with exit code 0.]',
  },
  {
    tool: 'file_editor',
    thought: 'Now I create the script.',
    parameters: { command: 'create', path: '/workspace/demo/hello.py', file_text: 'print("Hello, world!")\n' },
    result: 'File created successfully at: /workspace/demo/hello.py',
  },
  {
    tool: 'terminal',
    thought: 'Let me run it to check the output.',
    parameters: { command: 'python3 /workspace/demo/hello.py' },
    result: 'Hello, world!\n[The command completed with exit code 0.]',
  },
  {
    tool: 'finish',
    thought: 'The script prints the expected text.',
    parameters: { message: 'I added hello.py, which prints "Hello, world!", and ran it to confirm the output.' },
    result: '',
  },
];
