package capture

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
	"time"
)

// WARC writes the capture as a WARC 1.1 file (ISO 28500:2017), each
// record a gzip member of its own, as archives write .warc.gz files: a
// warcinfo record naming dossier, then a request and a response record
// for every exchange, redirects included. Digests are SHA-256 in base 32
// (sha1 is customary but broken for collisions; WARC 1.1 allows any
// algorithm, and readers such as warcio verify sha256). Record IDs are
// derived from the records' contents, so the same exchanges give the same
// file, byte for byte. filename is written in the warcinfo record.
func WARC(filename string, exchanges []Exchange, created time.Time) []byte {
	var out bytes.Buffer
	info := fmt.Sprintf("software: %s\r\nformat: WARC File Format 1.1\r\nconformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\nhttp-header-user-agent: %s\r\n", UserAgent(), UserAgent())
	infoID := recordID("warcinfo", filename, created, []byte(info))
	writeRecord(&out, []field{
		{"WARC-Type", "warcinfo"},
		{"WARC-Record-ID", infoID},
		{"WARC-Date", warcDate(created)},
		{"WARC-Filename", oneLine(filename)},
		{"Content-Type", "application/warc-fields"},
	}, []byte(info), "")
	for _, ex := range exchanges {
		respID := recordID("response", ex.URL, ex.Time, ex.Response)
		reqID := recordID("request", ex.URL, ex.Time, ex.Request)
		fields := []field{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", respID},
			{"WARC-Warcinfo-ID", infoID},
			{"WARC-Target-URI", oneLine(ex.URL)},
			{"WARC-Date", warcDate(ex.Time)},
		}
		if ex.IP != "" {
			fields = append(fields, field{"WARC-IP-Address", oneLine(ex.IP)})
		}
		fields = append(fields, field{"Content-Type", "application/http;msgtype=response"})
		payload := ex.Response
		if i := bytes.Index(payload, []byte("\r\n\r\n")); i >= 0 {
			payload = payload[i+4:]
		}
		writeRecord(&out, fields, ex.Response, digest(payload))
		writeRecord(&out, []field{
			{"WARC-Type", "request"},
			{"WARC-Record-ID", reqID},
			{"WARC-Warcinfo-ID", infoID},
			{"WARC-Concurrent-To", respID},
			{"WARC-Target-URI", oneLine(ex.URL)},
			{"WARC-Date", warcDate(ex.Time)},
			{"Content-Type", "application/http;msgtype=request"},
		}, ex.Request, "")
	}
	return out.Bytes()
}

// ResourceWARC writes a saved page as a WARC 1.1 file of a warcinfo
// record and one resource record: a page read from a file has no HTTP
// exchange to keep. uri names the page (its canonical address when it
// gives one).
func ResourceWARC(filename, uri string, page []byte, created time.Time) []byte {
	var out bytes.Buffer
	info := fmt.Sprintf("software: %s\r\nformat: WARC File Format 1.1\r\nconformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\ndescription: a page saved to a file, captured from that file\r\n", UserAgent())
	infoID := recordID("warcinfo", filename, created, []byte(info))
	writeRecord(&out, []field{
		{"WARC-Type", "warcinfo"},
		{"WARC-Record-ID", infoID},
		{"WARC-Date", warcDate(created)},
		{"WARC-Filename", oneLine(filename)},
		{"Content-Type", "application/warc-fields"},
	}, []byte(info), "")
	writeRecord(&out, []field{
		{"WARC-Type", "resource"},
		{"WARC-Record-ID", recordID("resource", uri, created, page)},
		{"WARC-Warcinfo-ID", infoID},
		{"WARC-Target-URI", oneLine(uri)},
		{"WARC-Date", warcDate(created)},
		{"Content-Type", "text/html"},
	}, page, digest(page))
	return out.Bytes()
}

type field struct{ name, value string }

// writeRecord appends one record, gzipped on its own. The block digest
// and the length are computed here.
func writeRecord(out *bytes.Buffer, fields []field, block []byte, payloadDigest string) {
	var rec bytes.Buffer
	rec.WriteString("WARC/1.1\r\n")
	for _, f := range fields {
		fmt.Fprintf(&rec, "%s: %s\r\n", f.name, f.value)
	}
	if payloadDigest != "" {
		fmt.Fprintf(&rec, "WARC-Payload-Digest: %s\r\n", payloadDigest)
	}
	fmt.Fprintf(&rec, "WARC-Block-Digest: %s\r\n", digest(block))
	fmt.Fprintf(&rec, "Content-Length: %d\r\n\r\n", len(block))
	rec.Write(block)
	rec.WriteString("\r\n\r\n")
	// A zero header (no name, no time) keeps the bytes the same from run
	// to run.
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	zw.Write(rec.Bytes())
	zw.Close()
}

// digest is a WARC digest: "sha256:" and the base 32 of the SHA-256.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + base32.StdEncoding.EncodeToString(sum[:])
}

// recordID makes a record's ID, a name-based UUID (version 5 layout over
// SHA-1, as RFC 9562 defines) of what the record holds: the same record
// gets the same ID.
func recordID(kind, uri string, t time.Time, block []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "dossier-warc\x00%s\x00%s\x00%s\x00", kind, uri, warcDate(t))
	h.Write(block)
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

func warcDate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// oneLine keeps a header value on its line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
