/**
 * Anything that shows a Desktop log line's text and may hold only where the line is, until the text is read back:
 * events and their evidence (see TimelineEvent.textAt).
 */
export interface DeferredText {
  file: string;
  ts: number | null;
  text: string;
  textAt?: number;
}

/**
 * What gives deferred items their texts back, made by the log index as it reads (src/log-index/texts.ts): what it
 * knows of offsets and of the files as they were read stays inside it. Each method returns how many lines could not
 * be read back (their file changed or went while the run went on); their items then say so in their text.
 */
export interface LogTexts {
  /** Gives each item whose text was deferred its text. */
  fill(items: Iterable<DeferredText>): number;
  /**
   * Only counts, and leaves the items as they are: to know the count before a streamed report that fills its items
   * one by one. Lines of files that still hold the bytes they held when read are not read back.
   */
  check(items: Iterable<DeferredText>): number;
  /** Whether a log file still holds the bytes it held when it was read. */
  unchanged(file: string): boolean;
  /**
   * `fill` for many calls over the same files (a report written conversation by conversation). Given `groups`, the
   * item lists its fill will be called with, in that order, it may read them ahead of the calls.
   */
  openFiller(groups?: readonly (readonly DeferredText[])[]): TextFiller;
}

interface TextFiller {
  fill(items: readonly DeferredText[]): number;
  /** Closes the files the filler keeps open between calls. */
  close(): void;
}
