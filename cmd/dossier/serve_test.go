package main

import (
	"net"
	"strings"
	"testing"
)

// TestServeExposure checks the warning printed when the preview listens
// beyond loopback, and the address printed to open.
func TestServeExposure(t *testing.T) {
	tests := []struct {
		ip      string
		warning string // a part of it; "" for none
		url     string
	}{
		{"127.0.0.1", "", "http://127.0.0.1:1414/"},
		{"127.0.0.2", "", "http://127.0.0.2:1414/"},
		{"::1", "", "http://[::1]:1414/"},
		{"0.0.0.0", "every address of this machine, port 1414", "http://localhost:1414/"},
		{"::", "every address of this machine, port 1414", "http://localhost:1414/"},
		{"192.168.1.5", "serving drafts to the network at http://192.168.1.5:1414/", "http://192.168.1.5:1414/"},
		{"fe80::1", "serving drafts to the network at http://[fe80::1]:1414/", "http://[fe80::1]:1414/"},
	}
	for _, tt := range tests {
		addr := &net.TCPAddr{IP: net.ParseIP(tt.ip), Port: 1414}
		w := exposure(addr)
		if (w == "") != (tt.warning == "") || !strings.Contains(w, tt.warning) {
			t.Errorf("%s: warning %q, want one with %q", tt.ip, w, tt.warning)
		}
		if got := browseURL(addr); got != tt.url {
			t.Errorf("%s: URL %q, want %q", tt.ip, got, tt.url)
		}
	}
}

// TestServeHostFlag refuses --host values that are not a bare host.
func TestServeHostFlag(t *testing.T) {
	for _, bad := range []string{"", "a:b", "http://x", "x/y", "user@x", "x y", "localhost:1414"} {
		var stderr strings.Builder
		if code := runServe([]string{"--host", bad}, &strings.Builder{}, &stderr); code != 2 || !strings.Contains(stderr.String(), "is not a host name or address") {
			t.Errorf("--host %q: exit %d, %q", bad, code, stderr.String())
		}
	}
}
