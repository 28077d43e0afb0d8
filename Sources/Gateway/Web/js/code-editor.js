// A code editor for JSON and YAML: Debian's CodeMirror 5 (served from /static/vendor, loaded by
// the page's classic <script> tags) with line numbers, bracket matching and lint markers; a plain
// labelled textarea where CodeMirror is not installed. JSON is linted as it is typed (the parse
// error on its line); callers add the server's findings with `setFindings`.

/** The editor over `textarea` (`mode`: 'json' or 'yaml'). */
export function codeEditor(textarea, mode = 'json', { readOnly = false, onChange = null } = {}) {
  textarea.classList.add('code');
  const CodeMirror = window.CodeMirror;
  let findings = [];
  if (!CodeMirror) {
    textarea.readOnly = readOnly;
    if (onChange) textarea.addEventListener('input', () => onChange(textarea.value));
    return {
      get value() { return textarea.value; },
      set value(text) { textarea.value = text; },
      setFindings(list) { findings = list; textarea.setAttribute('aria-invalid', list.length > 0 ? 'true' : 'false'); },
      focus() { textarea.focus(); },
      fallback: true,
    };
  }
  const lint = (text) => {
    const marks = findings.map((finding) => ({
      from: CodeMirror.Pos(Math.max(0, (finding.line || 1) - 1), 0),
      to: CodeMirror.Pos(Math.max(0, (finding.line || 1) - 1), 1000),
      message: finding.message, severity: finding.severity || 'error',
    }));
    if (mode === 'json' && text.trim()) {
      try { JSON.parse(text); } catch (error) {
        const match = /position (\d+)/.exec(error.message);
        const offset = match ? Number(match[1]) : text.length;
        const line = text.slice(0, offset).split('\n').length - 1;
        marks.push({ from: CodeMirror.Pos(line, 0), to: CodeMirror.Pos(line, 1000), message: error.message, severity: 'error' });
      }
    }
    return marks;
  };
  const editor = CodeMirror.fromTextArea(textarea, {
    mode: mode === 'json' ? { name: 'javascript', json: true } : 'yaml',
    lineNumbers: true, matchBrackets: true, readOnly, gutters: ['CodeMirror-lint-markers'],
    lint: { getAnnotations: lint, lintOnChange: true }, indentUnit: 2, tabSize: 2,
    extraKeys: { Tab: false, 'Shift-Tab': false },
    screenReaderLabel: textarea.getAttribute('aria-label') || (textarea.labels && textarea.labels[0] && textarea.labels[0].textContent) || 'code',
  });
  if (onChange) editor.on('change', () => onChange(editor.getValue()));
  return {
    get value() { return editor.getValue(); },
    set value(text) { editor.setValue(text); },
    setFindings(list) { findings = list; editor.performLint?.(); },
    focus() { editor.focus(); },
    editor,
    fallback: false,
  };
}

/** `value` as the editors show JSON. */
export const pretty = (value) => JSON.stringify(value ?? {}, null, 2);
