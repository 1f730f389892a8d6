package textcheck

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		line, col int    // of the error; 0 when the text is accepted
		msg       string // the message after "the file "
	}{
		{name: "empty", data: ""},
		{name: "ASCII with tab and CRLF", data: "a\tb\r\nc\n"},
		{name: "UTF-8 with a byte order mark", data: "\uFEFFcafé “quoted” — 日本"},
		{name: "a byte order mark inside", data: "a\uFEFFb"},
		{name: "U+FFFD written as such", data: "a\uFFFDb"},
		{name: "Latin-1 é", data: "line\ncaf\xe9", line: 2, col: 4, msg: `is not valid UTF-8 (byte 0xE9); the file looks like Windows-1252 or Latin-1, in which this byte is "é": save it as UTF-8`},
		{name: "Windows-1252 quotes", data: "\x93Hi\x94", line: 1, col: 1, msg: `is not valid UTF-8 (byte 0x93); the file looks like Windows-1252 or Latin-1, in which this byte is "“": save it as UTF-8`},
		{name: "Windows-1252 euro", data: "5 \x80", line: 1, col: 3, msg: `is not valid UTF-8 (byte 0x80); the file looks like Windows-1252 or Latin-1, in which this byte is "€": save it as UTF-8`},
		{name: "a byte Windows-1252 leaves undefined", data: "a\x81", line: 1, col: 2, msg: "is not valid UTF-8 (byte 0x81)"},
		{name: "a sequence cut short at the end", data: "caf\xc3", line: 1, col: 4, msg: `is not valid UTF-8 (byte 0xC3); the file looks like Windows-1252 or Latin-1, in which this byte is "Ã": save it as UTF-8`},
		{name: "columns count characters", data: "日本\xff", line: 1, col: 3, msg: `is not valid UTF-8 (byte 0xFF); the file looks like Windows-1252 or Latin-1, in which this byte is "ÿ": save it as UTF-8`},
		{name: "a BOM is not a column", data: "\uFEFFab\x00", line: 1, col: 3, msg: "contains a NUL byte: it is not a text file, or it was saved in a 16-bit encoding"},
		{name: "an encoded surrogate", data: "a\xed\xa0\x80", line: 1, col: 2, msg: `is not valid UTF-8 (byte 0xED); the file looks like Windows-1252 or Latin-1, in which this byte is "í": save it as UTF-8`},
		{name: "NUL", data: "ab\ncd\x00", line: 2, col: 3, msg: "contains a NUL byte: it is not a text file, or it was saved in a 16-bit encoding"},
		{name: "a lone carriage return", data: "a\r\nb\rc", line: 2, col: 2, msg: "has a carriage return without a line feed (the line breaks of classic Mac OS): save it with LF or CRLF line breaks"},
		{name: "a carriage return at the end", data: "a\r", line: 1, col: 2, msg: "has a carriage return without a line feed (the line breaks of classic Mac OS): save it with LF or CRLF line breaks"},
		{name: "bell", data: "a\x07", line: 1, col: 2, msg: "contains the control character U+0007, which cannot be published: remove it"},
		{name: "escape", data: "\x1b[31m", line: 1, col: 1, msg: "contains the control character U+001B, which cannot be published: remove it"},
		{name: "form feed", data: "a\fb", line: 1, col: 2, msg: "contains the control character U+000C, which cannot be published: remove it"},
		{name: "delete", data: "a\x7f", line: 1, col: 2, msg: "contains the control character U+007F, which cannot be published: remove it"},
		{name: "a C1 control", data: "a\u0085", line: 1, col: 2, msg: "contains the control character U+0085, which cannot be published: remove it"},
		{name: "U+FFFE", data: "ab\uFFFE", line: 1, col: 3, msg: "contains U+FFFE, which is not a character and cannot be published: remove it"},
		{name: "U+10FFFF", data: "\U0010FFFF", line: 1, col: 1, msg: "contains U+10FFFF, which is not a character and cannot be published: remove it"},
		{name: "U+FDD0", data: "\uFDD0", line: 1, col: 1, msg: "contains U+FDD0, which is not a character and cannot be published: remove it"},
		{name: "the last characters before them", data: "\uFDCF\uFFFD\U0010FFFD"},
		{name: "UTF-16 LE with BOM", data: "\xff\xfea\x00", line: 1, col: 1, msg: "is UTF-16 (little endian), not UTF-8: save it as UTF-8"},
		{name: "UTF-16 BE with BOM", data: "\xfe\xff\x00a", line: 1, col: 1, msg: "is UTF-16 (big endian), not UTF-8: save it as UTF-8"},
		{name: "UTF-16 LE without BOM", data: "-\x00-\x00-\x00\n\x00", line: 1, col: 1, msg: "is UTF-16 (little endian), not UTF-8: save it as UTF-8"},
		{name: "UTF-16 BE without BOM", data: "\x00-\x00-\x00-\x00\n", line: 1, col: 1, msg: "is UTF-16 (big endian), not UTF-8: save it as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check([]byte(tt.data), "the file")
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if err.Line != tt.line || err.Col != tt.col || err.Msg != "the file "+tt.msg {
				t.Errorf("got %d:%d: %s\nwant %d:%d: the file %s", err.Line, err.Col, err.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestPosition(t *testing.T) {
	const data = "\uFEFFab\r\ncé\nx"
	tests := []struct{ off, line, col int }{
		{0, 1, 1}, {3, 1, 1}, {4, 1, 2}, {5, 1, 3}, {7, 2, 1}, {8, 2, 2}, {10, 2, 3}, {11, 3, 1}, {99, 3, 2}, {-1, 1, 1},
	}
	for _, tt := range tests {
		if line, col := Position([]byte(data), tt.off); line != tt.line || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 65536: "65,536", 8388608: "8,388,608", -1234: "-1,234", 1234567890: "1,234,567,890"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkCheck times the check of a megabyte of text, mostly ASCII.
func BenchmarkCheck(b *testing.B) {
	data := []byte(strings.Repeat("The café’s owner said “no”.\n", 1<<20/30))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Check(data, "the file"); err != nil {
			b.Fatal(err)
		}
	}
}
