package capture

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base32"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"
)

// record is a WARC record as readRecords parses it.
type record struct {
	header textproto.MIMEHeader
	block  []byte
}

// readRecords parses a .warc.gz by hand, independently of the writer: one
// gzip member per record, each "WARC/1.1", header fields, a blank line, a
// block of exactly Content-Length bytes, and CRLF CRLF.
func readRecords(t *testing.T, data []byte) []record {
	t.Helper()
	var recs []record
	br := bytes.NewReader(data)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	for {
		zr.Multistream(false)
		member, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("record %d: %v", len(recs), err)
		}
		r := bufio.NewReader(bytes.NewReader(member))
		tp := textproto.NewReader(r)
		version, err := tp.ReadLine()
		if err != nil || version != "WARC/1.1" {
			t.Fatalf("record %d: version line %q, %v", len(recs), version, err)
		}
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			t.Fatalf("record %d: %v", len(recs), err)
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			t.Fatalf("record %d: Content-Length %q", len(recs), h.Get("Content-Length"))
		}
		rest, _ := io.ReadAll(r)
		if len(rest) != n+4 || string(rest[n:]) != "\r\n\r\n" {
			t.Fatalf("record %d: block of %d bytes and its end, want Content-Length %d and CRLF CRLF", len(recs), len(rest), n)
		}
		recs = append(recs, record{h, rest[:n]})
		if err := zr.Reset(br); err == io.EOF {
			return recs
		} else if err != nil {
			t.Fatal(err)
		}
	}
}

func sha256B32(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + base32.StdEncoding.EncodeToString(s[:])
}

func TestWARC(t *testing.T) {
	body := []byte("<html><p>hello</p></html>")
	resp := append([]byte("HTTP/1.1 200 OK\r\nContent-Length: 25\r\nContent-Type: text/html\r\n\r\n"), body...)
	exs := []Exchange{
		{URL: "http://a.example/old", Time: clock, Request: []byte("GET /old HTTP/1.1\r\nHost: a.example\r\n\r\n"),
			Response: []byte("HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n"), Status: 301, IP: "93.184.215.14"},
		{URL: "http://a.example/new", Time: clock.Add(time.Second), Request: []byte("GET /new HTTP/1.1\r\nHost: a.example\r\n\r\n"),
			Response: resp, Status: 200, IP: "93.184.215.14"},
	}
	data := WARC("20261125T153000Z.warc.gz", exs, clock)
	if again := WARC("20261125T153000Z.warc.gz", exs, clock); !bytes.Equal(data, again) {
		t.Fatal("the same exchanges give different WARC files")
	}
	recs := readRecords(t, data)
	wantTypes := []string{"warcinfo", "response", "request", "response", "request"}
	if len(recs) != len(wantTypes) {
		t.Fatalf("%d records, want %d", len(recs), len(wantTypes))
	}
	ids := map[string]bool{}
	for i, r := range recs {
		if got := r.header.Get("WARC-Type"); got != wantTypes[i] {
			t.Errorf("record %d is %s, want %s", i, got, wantTypes[i])
		}
		if got := r.header.Get("WARC-Block-Digest"); got != sha256B32(r.block) {
			t.Errorf("record %d: block digest %s, want %s", i, got, sha256B32(r.block))
		}
		id := r.header.Get("WARC-Record-ID")
		if !strings.HasPrefix(id, "<urn:uuid:") || ids[id] {
			t.Errorf("record %d: ID %q missing or repeated", i, id)
		}
		ids[id] = true
		if _, err := time.Parse(time.RFC3339, r.header.Get("WARC-Date")); err != nil {
			t.Errorf("record %d: WARC-Date: %v", i, err)
		}
		if i > 0 && r.header.Get("WARC-Warcinfo-ID") != recs[0].header.Get("WARC-Record-ID") {
			t.Errorf("record %d does not name the warcinfo record", i)
		}
	}
	if !strings.Contains(string(recs[0].block), "software: dossier/") {
		t.Errorf("warcinfo: %q", recs[0].block)
	}
	for i, ex := range exs {
		resp, req := recs[1+2*i], recs[2+2*i]
		if resp.header.Get("WARC-Target-URI") != ex.URL || req.header.Get("WARC-Target-URI") != ex.URL {
			t.Errorf("hop %d: target URIs %s, %s", i, resp.header.Get("WARC-Target-URI"), req.header.Get("WARC-Target-URI"))
		}
		if req.header.Get("WARC-Concurrent-To") != resp.header.Get("WARC-Record-ID") {
			t.Errorf("hop %d: request not concurrent to its response", i)
		}
		if !bytes.Equal(resp.block, ex.Response) || !bytes.Equal(req.block, ex.Request) {
			t.Errorf("hop %d: blocks differ from the exchange", i)
		}
		if resp.header.Get("Content-Type") != "application/http;msgtype=response" || req.header.Get("Content-Type") != "application/http;msgtype=request" {
			t.Errorf("hop %d: content types", i)
		}
		if resp.header.Get("WARC-IP-Address") != ex.IP {
			t.Errorf("hop %d: IP", i)
		}
	}
	if got := recs[3].header.Get("WARC-Payload-Digest"); got != sha256B32(body) {
		t.Errorf("payload digest %s, want the body's %s", got, sha256B32(body))
	}
}

func TestWARCHostileURL(t *testing.T) {
	exs := []Exchange{{URL: "http://a.example/x\r\nWARC-Type: evil", Time: clock, Request: []byte("GET / HTTP/1.1\r\n\r\n"), Response: []byte("HTTP/1.1 200 OK\r\n\r\n")}}
	recs := readRecords(t, WARC("x.warc.gz", exs, clock))
	if recs[1].header.Get("WARC-Type") != "response" || len(recs[1].header["Warc-Type"]) != 1 {
		t.Errorf("a line break in the URL made a header field: %v", recs[1].header)
	}
}

func TestResourceWARC(t *testing.T) {
	page := readFixture(t, "amp")
	data := ResourceWARC("a.warc.gz", "https://gazette.example/culture/museum-returns-panels", page, clock)
	recs := readRecords(t, data)
	if len(recs) != 2 || recs[1].header.Get("WARC-Type") != "resource" || !bytes.Equal(recs[1].block, page) {
		t.Fatalf("records %d", len(recs))
	}
	if recs[1].header.Get("WARC-Payload-Digest") != sha256B32(page) || recs[1].header.Get("WARC-Block-Digest") != sha256B32(page) {
		t.Errorf("digests")
	}
}
