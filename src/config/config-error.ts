/** One problem found in a config file, with where it is. */
export interface ConfigIssue {
  /** Dotted path of the offending value, e.g. `providers.openai.api_key`. */
  path: string;
  message: string;
  /** 1-based position in the file, when known. */
  line?: number;
  column?: number;
}

/** Raised when a config file cannot be used; `format()` prints `file:line:col: path: message` lines. */
export class ConfigError extends Error {
  readonly source: string;
  readonly issues: ConfigIssue[];

  constructor(source: string, issues: ConfigIssue[]) {
    super(`${source}: ${issues.length} config problem${issues.length === 1 ? '' : 's'}`);
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }

  format(): string {
    return this.issues
      .map((issue) => {
        const where =
          issue.line === undefined ? this.source : `${this.source}:${issue.line}:${issue.column ?? 1}`;
        return `${where}: ${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`;
      })
      .join('\n');
  }
}
