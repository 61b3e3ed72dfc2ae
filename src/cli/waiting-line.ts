// What a command waits for, on stderr: one line; on a terminal (TTY) the seconds elapsed are
// added in place every few seconds. Other messages go through `say`, so they never land in
// the middle of that line.
const TICK_MS = 5_000;
const CLEAR = '\r\x1b[K';

export class WaitingLine {
  private text: string | null = null;
  private since = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly tty = Boolean(process.stderr.isTTY);

  show(text: string): void {
    this.text = text;
    this.since = Date.now();
    if (!this.tty) {
      process.stderr.write(`${text}\n`);
      return;
    }
    this.render();
    this.timer = setInterval(() => this.render(), TICK_MS);
  }

  say(message: string): void {
    if (this.tty && this.text) {
      process.stderr.write(`${CLEAR}${message}\n`);
      this.render();
    } else process.stderr.write(`${message}\n`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty && this.text) process.stderr.write('\n');
    this.text = null;
  }

  private render(): void {
    const seconds = Math.round((Date.now() - this.since) / 1000);
    process.stderr.write(`${CLEAR}${this.text} (${seconds} s)`);
  }
}
