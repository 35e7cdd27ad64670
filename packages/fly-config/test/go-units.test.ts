import { describe, expect, it } from '@jest/globals';
import { formatGoDuration, parseGoDuration } from '../src/index.ts';
import { parseMemoryMb, parseVolumeGb, splitCommandLine } from '../src/go-units.ts';

describe('Go durations', () => {
  it('reads what time.ParseDuration reads', () => {
    expect(parseGoDuration('300ms')).toBe(300e6);
    expect(parseGoDuration('1.5h')).toBe(5400e9);
    expect(parseGoDuration('2h45m')).toBe((2 * 3600 + 45 * 60) * 1e9);
    expect(parseGoDuration('1m30.5s')).toBe(90.5e9);
    expect(parseGoDuration('10us')).toBe(10e3);
    expect(parseGoDuration('10µs')).toBe(10e3);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('.5s')).toBe(0.5e9);
  });

  it('refuses what Go refuses', () => {
    for (const bad of ['', '10', '1x', 's', '.s', '1.5', '-', '5 s', '1h-5m'])
      expect(parseGoDuration(bad)).toBeUndefined();
  });

  it("writes what Go's Duration.String writes", () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(15)).toBe('15ns');
    expect(formatGoDuration(1500)).toBe('1.5µs');
    expect(formatGoDuration(2e6)).toBe('2ms');
    expect(formatGoDuration(1.5e6)).toBe('1.5ms');
    expect(formatGoDuration(5e9)).toBe('5s');
    expect(formatGoDuration(1.25e9)).toBe('1.25s');
    expect(formatGoDuration(60e9)).toBe('1m0s');
    expect(formatGoDuration(81e9)).toBe('1m21s');
    expect(formatGoDuration(3600e9)).toBe('1h0m0s');
    expect(formatGoDuration(3723.5e9)).toBe('1h2m3.5s');
  });
});

describe('sizes', () => {
  it('reads memory as flyctl does: bare numbers are MB, units are binary', () => {
    expect(parseMemoryMb('512')).toBe(512);
    expect(parseMemoryMb('512mb')).toBe(512);
    expect(parseMemoryMb('1gb')).toBe(1024);
    expect(parseMemoryMb('2g')).toBe(2048);
    expect(parseMemoryMb('1.5GB')).toBe(1536);
    expect(parseMemoryMb('1 GiB')).toBe(1024);
    expect(parseMemoryMb('lots')).toBeUndefined();
  });

  it('reads volume sizes as flyctl does: bare numbers are GB, units are decimal', () => {
    expect(parseVolumeGb('10')).toBe(10);
    expect(parseVolumeGb('10gb')).toBe(10);
    expect(parseVolumeGb('1TB')).toBe(1000);
    expect(parseVolumeGb('big')).toBeUndefined();
  });
});

describe('command lines', () => {
  it('splits as google/shlex does', () => {
    expect(splitCommandLine('bundle exec puma -C config/puma.rb')).toEqual([
      'bundle',
      'exec',
      'puma',
      '-C',
      'config/puma.rb',
    ]);
    expect(splitCommandLine(`sh -c 'echo "$HOME"'`)).toEqual(['sh', '-c', 'echo "$HOME"']);
    expect(splitCommandLine('run "two words" a\\ b')).toEqual(['run', 'two words', 'a b']);
    expect(splitCommandLine('say "a\\qb"')).toEqual(['say', 'aqb']);
    expect(splitCommandLine('web # the server')).toEqual(['web']);
    expect(splitCommandLine('a#b')).toEqual(['a#b']);
    expect(splitCommandLine('')).toEqual([]);
  });

  it('refuses unclosed quotes and a trailing backslash', () => {
    expect(splitCommandLine('run "open')).toBeUndefined();
    expect(splitCommandLine("run 'open")).toBeUndefined();
    expect(splitCommandLine('run \\')).toBeUndefined();
  });
});
