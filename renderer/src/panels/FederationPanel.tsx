import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { copyJoinLink, refreshServe, stopServe } from '../actions/serveActions.js';
import { useServe } from '../hooks/useServe.js';
import { useServices } from '../hooks/useServices.js';
import { clientRows, listenText, serveSummary } from '../store/federationView.js';
import { servedWarnings } from '../store/serveStore.js';

/** The join link as a QR code (an SVG data URL: no canvas, no script, allowed by the page's img-src). */
function useQrCode(text: string | null): string | null {
  const [svg, setSvg] = useState<{ text: string; url: string } | null>(null);
  useEffect(() => {
    if (!text) return;
    let live = true;
    QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (markup) => live && setSvg({ text, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}` }),
      () => live && setSvg(null),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return svg && svg.text === text ? svg.url : null;
}

/**
 * Run → Serve's view: the join link, its token and QR code for the class to scan, copy and Stop, and the
 * joined clients live (name, examples, backend, state, last seen), asked of the host every second while serving.
 * The served run's charts are in Metrics, as any run's.
 */
export function FederationPanel() {
  const services = useServices();
  const status = useServe((s) => s.status);
  const warnings = useServe(servedWarnings);
  // The QR code is for phones and laptops in the room: the browser join page's link where it is built.
  const link = status ? status.pageUrl || status.joinUrl : null;
  const qr = useQrCode(link);
  // "last seen" ticks between polls too.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    void refreshServe(services);
  }, [services]);
  useEffect(() => {
    if (!status?.serving) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [status?.serving]);
  const rows = status ? clientRows(status.clients, Math.max(now, ...status.clients.map((c) => c.lastSeen))) : [];
  return (
    <div className="federation-panel" data-testid="federation-panel" data-serving={status?.serving ? 'true' : 'false'}>
      <p className="federation-summary" data-testid="federation-summary">
        {serveSummary(status)}
      </p>
      {status?.listen && (
        <p className="federation-listen" data-testid="federation-listen" data-tls={status.listen.tls ? 'true' : 'false'}>
          {listenText(status.listen)}
        </p>
      )}
      {status && (
        <div className="federation-body">
          <div className="federation-join">
            {qr ? <img className="federation-qr" src={qr} alt={`QR code of the join link ${link}`} data-testid="federation-qr" /> : <div className="federation-qr" />}
            <div className="federation-link">
              {status.pageUrl && (
                <label>
                  Browser link
                  <input readOnly value={status.pageUrl} onFocus={(e) => e.currentTarget.select()} data-testid="federation-page-url" />
                </label>
              )}
              <label>
                Join link (fedflow join)
                <input readOnly value={status.joinUrl} onFocus={(e) => e.currentTarget.select()} data-testid="federation-join-url" />
              </label>
              <label>
                Token
                <input readOnly value={status.token} onFocus={(e) => e.currentTarget.select()} data-testid="federation-token" />
              </label>
              <code className="federation-command">fedflow join &apos;{status.joinUrl}&apos; --data FILE</code>
              {warnings.map((w) => (
                <p key={w} className="federation-warning">
                  {w}
                </p>
              ))}
              <div className="federation-actions">
                <button className="button" onClick={() => void copyJoinLink(services)} data-testid="federation-copy">
                  Copy link
                </button>
                <button className="button danger" disabled={!status.serving} onClick={() => void stopServe(services)} data-testid="federation-stop">
                  Stop
                </button>
              </div>
            </div>
          </div>
          <table className="federation-clients" data-testid="federation-clients">
            <thead>
              <tr>
                <th>Seat</th>
                <th>Name</th>
                <th>Examples</th>
                <th>Backend</th>
                <th>State</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="federation-none">
                    No client has joined yet.
                  </td>
                </tr>
              )}
              {rows.map((r) => (
                <tr key={r.seat} data-testid={`federation-client-${r.seat}`} data-state={r.state} data-backend={r.backend}>
                  <td>{r.seat}</td>
                  <td>{r.name}</td>
                  <td className="num">{r.examples}</td>
                  <td className="federation-backend">{r.backend}</td>
                  <td className={`federation-state state-${r.state}`}>{r.stateText}</td>
                  <td>{r.lastSeen}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
