/*
 * report_html.c — report.html: one self-contained page (inline CSS, inline
 * JavaScript that draws SVG charts; no network) for the people who run the
 * migration. The data is embedded as JSON; the script computes the counts
 * shown (into elements with stable ids that tests read), draws the charts,
 * and makes the findings table sortable, filterable and drillable per
 * customer. Very large runs embed the first HTML_MAX_FINDINGS findings and
 * say so; findings.csv and report.json always hold all of them.
 */
#include "transform/internal.h"
#include "transform/settings.h"

#include <stdlib.h>
#include <string.h>

#define HTML_MAX_FINDINGS 20000

static const char head[] =
"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<title>Migration validation report</title>\n<style>\n"
":root{--bg:#f4f6f9;--card:#fff;--ink:#1c2430;--muted:#5d6b7e;--line:#e1e6ed;"
"--err:#d93f3f;--warn:#e59b16;--info:#2f7fd1;--ok:#2e9b62;--accent:#0b5cad}\n"
"*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',"
"Roboto,Helvetica,Arial,sans-serif;background:var(--bg);color:var(--ink)}\n"
"header{background:linear-gradient(90deg,#0b3d6e,#0b5cad);color:#fff;padding:22px 32px}\n"
"header h1{margin:0;font-size:22px;font-weight:600}header p{margin:4px 0 0;opacity:.85}\n"
"main{padding:24px 32px;max-width:1400px;margin:0 auto}\n"
".kpis{display:grid;grid-template-columns:repeat(7,1fr);gap:14px;margin-bottom:20px}\n"
".kpi{background:var(--card);border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px "
"rgba(16,24,40,.08);border-top:4px solid var(--accent)}\n"
".kpi .v{font-size:26px;font-weight:650}.kpi .l{color:var(--muted);font-size:12px;"
"text-transform:uppercase;letter-spacing:.04em}\n"
".kpi.err{border-color:var(--err)}.kpi.warn{border-color:var(--warn)}.kpi.info{border-color:"
"var(--info)}.kpi.blk{border-color:#7a4bd1}\n"
".grid{display:grid;grid-template-columns:1fr 1fr 1.4fr;gap:14px;margin-bottom:20px}\n"
".card{background:var(--card);border-radius:10px;padding:16px 18px;box-shadow:0 1px 3px "
"rgba(16,24,40,.08);margin-bottom:20px}.grid .card{margin:0}\n"
".card h2{font-size:15px;margin:0 0 12px;font-weight:600}\n"
"svg text{font:12px system-ui,sans-serif;fill:var(--ink)}svg .muted{fill:var(--muted)}\n"
"table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:7px 9px;"
"border-bottom:1px solid var(--line);vertical-align:top}\n"
"th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em;"
"cursor:pointer;user-select:none;white-space:nowrap;background:#fafbfc;position:sticky;top:0}\n"
"th.sorted-asc:after{content:' \\25B2'}th.sorted-desc:after{content:' \\25BC'}\n"
"tbody tr:hover{background:#f2f7fd}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
".pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;"
"color:#fff}.pill.error{background:var(--err)}.pill.warning{background:var(--warn)}"
".pill.info{background:var(--info)}.pill.ok{background:var(--ok)}\n"
".controls{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:10px;align-items:center}\n"
".controls input,.controls select{padding:6px 9px;border:1px solid var(--line);"
"border-radius:6px;font:inherit;background:#fff}.controls input{flex:1;min-width:220px}\n"
".controls .n{color:var(--muted)}.scroll{max-height:900px;overflow:auto}\n"
"#drill{display:none;border-left:4px solid var(--accent)}#drill dl{display:grid;"
"grid-template-columns:repeat(6,auto);gap:4px 18px;margin:0 0 10px}#drill dt{color:"
"var(--muted);font-size:12px}#drill dd{margin:0;font-weight:600}\n"
"button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:6px;"
"padding:5px 10px;cursor:pointer}code{font-size:12px;color:#334}\n"
".fix{color:var(--muted);font-size:12px}.note{color:var(--muted);font-size:12px}\n"
"header code{color:#fff}table.mini td{padding:3px 8px}.hash{font-family:monospace;font-size:11px;overflow-wrap:anywhere}\n"
"tr.clk{cursor:pointer}#findings{table-layout:fixed}#findings td{overflow-wrap:anywhere}\n"
"#findings th:nth-child(1){width:78px}#findings th:nth-child(2){width:92px}"
"#findings th:nth-child(3){width:195px}#findings th:nth-child(4){width:200px}"
"#findings th:nth-child(5){width:90px}#findings th:nth-child(6){width:165px}\n</style></head><body>\n";

/* The page up to its findings table: everything a reader needs is here
 * as HTML; the script only redraws (charts) and filters and sorts. */
static const char customers_head[] =
"<section class=\"card\"><h2>Customers</h2><p class=\"note\">Click a customer for its details "
"and findings.</p><div class=\"scroll\"><table id=\"customers\"><thead><tr>"
"<th data-k=\"key\">Customer</th><th data-k=\"name\">Name</th><th data-k=\"batch\">Batch</th>"
"<th data-k=\"locations\">Locations</th><th data-k=\"subscribers\">Subscribers</th>"
"<th data-k=\"blockedSubscribers\">Blocked</th><th data-k=\"e\">Errors</th>"
"<th data-k=\"w\">Warnings</th><th data-k=\"i\">Info</th><th data-k=\"status\">Status</th>"
"</tr></thead><tbody>";

static const char findings_head[] =
"<section class=\"card\" id=\"drill\"></section>\n"
"<section class=\"card\"><h2>Call features</h2><p class=\"note\">Per customer: migrated, "
"migrated with changes (a warning names what changed) or not migrated.</p>"
"<div class=\"scroll\"><table id=\"features\"><thead><tr><th>Customer</th><th>Kind</th>"
"<th>Feature</th><th>Status</th><th>Findings</th></tr></thead><tbody></tbody></table></div>"
"</section>\n"
"<section class=\"card\"><h2>Findings</h2><div class=\"controls\">"
"<input id=\"q\" type=\"search\" placeholder=\"Filter: object, message, code, file\">"
"<select id=\"sev\"><option value=\"\">All severities</option><option>error</option>"
"<option>warning</option><option>info</option></select>"
"<select id=\"cust\"><option value=\"\">All customers</option></select>"
"<select id=\"code\"><option value=\"\">All checks</option></select>";

static const char findings_cols[] =
"<div class=\"scroll\"><table id=\"findings\"><thead><tr>"
"<th data-k=\"id\">Id</th><th data-k=\"severity\">Severity</th><th data-k=\"code\">Check</th>"
"<th data-k=\"object\">Object</th><th data-k=\"customer\">Customer</th>"
"<th data-k=\"src\">Source</th><th data-k=\"message\">Message and fix</th>"
"</tr></thead><tbody>";

static const char data_open[] =
"</tbody></table></div></section>\n</main>\n<script id=\"data\" type=\"application/json\">";

static const char script[] =
"</script>\n<script>\n(function(){\n'use strict';\n"
"var D=JSON.parse(document.getElementById('data').textContent),S=D.summary,F=D.findings;\n"
"var SEV=['error','warning','info'],COL={error:'#d93f3f',warning:'#e59b16',info:'#2f7fd1'};\n"
"function $(id){return document.getElementById(id)}\n"
"function esc(s){return String(s).replace(/[&<>\"']/g,function(c){return{'&':'&amp;',"
"'<':'&lt;','>':'&gt;','\"':'&quot;',\"'\":'&#39;'}[c]})}\n"
"function fmt(n){return Number(n).toLocaleString('en-US')}\n"
/* counts: severities counted from the embedded findings when complete */
"var cnt={error:0,warning:0,info:0};F.forEach(function(f){cnt[f.severity]++});\n"
"if(D.truncated){cnt={error:S.findings.error,warning:S.findings.warning,info:S.findings.info}}\n"
"$('count-customers').textContent=fmt(D.customers.length);\n"
"$('count-locations').textContent=fmt(S.locations);\n"
"$('count-subscribers').textContent=fmt(S.subscribers);\n"
"$('count-blocked').textContent=fmt(S.blockedEntries);\n"
"SEV.forEach(function(s){$('count-'+s).textContent=fmt(cnt[s])});\n"
/* horizontal bar chart */
"function bars(el,rows){var w=380,rh=26,h=rows.length*rh+8,max=1;rows.forEach(function(r){"
"if(r.v>max)max=r.v});var s='<svg viewBox=\"0 0 '+w+' '+Math.max(h,30)+'\" width=\"100%\" role=\"img\">';"
"if(!rows.length)s+='<text x=\"0\" y=\"18\" class=\"muted\">none</text>';"
"rows.forEach(function(r,i){var y=i*rh+4,bw=Math.max(2,(w-190)*r.v/max);"
"s+='<text x=\"0\" y=\"'+(y+16)+'\">'+esc(r.l)+'</text><rect x=\"140\" y=\"'+(y+3)+'\" width=\"'+bw+"
"'\" height=\"17\" rx=\"3\" fill=\"'+r.c+'\"><title>'+esc(r.l)+': '+r.v+'</title></rect>"
"<text x=\"'+(146+bw)+'\" y=\"'+(y+16)+'\" class=\"muted\">'+fmt(r.v)+'</text>'});"
"el.innerHTML=s+'</svg>'}\n"
"bars($('chart-severity'),SEV.map(function(s){return{l:s,v:cnt[s],c:COL[s]}}));\n"
"var PC=['#0b5cad','#2e9b62','#7a4bd1','#e59b16','#d93f3f','#17a2b8','#8a6d3b','#5d6b7e'];\n"
"bars($('chart-packages'),Object.keys(S.packages).sort().map(function(k,i){return{l:k,"
"v:S.packages[k],c:PC[i%PC.length]}}));\n"
/* stacked bars per customer, the 12 with most findings */
"(function(){var cs=D.customers.slice().map(function(c){return{k:c.key,e:c.findings.error,"
"w:c.findings.warning,i:c.findings.info}});cs.sort(function(a,b){return(b.e+b.w+b.i)-(a.e+a.w+a.i)"
"||(a.k<b.k?-1:1)});cs=cs.slice(0,12);var w=520,rh=26,max=1;cs.forEach(function(c){var t=c.e+c.w+c.i;"
"if(t>max)max=t});var s='<svg viewBox=\"0 0 '+w+' '+(cs.length*rh+30)+'\" width=\"100%\" role=\"img\">';"
"cs.forEach(function(c,n){var y=n*rh+4,x=170;s+='<text x=\"0\" y=\"'+(y+16)+'\">'+esc(c.k.length>24?"
"c.k.slice(0,23)+'\\u2026':c.k)+'</text>';[['e','error'],['w','warning'],['i','info']].forEach(function(p){"
"var bw=(w-230)*c[p[0]]/max;if(bw>0){s+='<rect x=\"'+x+'\" y=\"'+(y+3)+'\" width=\"'+bw+'\" height=\"17\" "
"fill=\"'+COL[p[1]]+'\"><title>'+esc(c.k)+' '+p[1]+': '+c[p[0]]+'</title></rect>';x+=bw}});"
"s+='<text x=\"'+(x+6)+'\" y=\"'+(y+16)+'\" class=\"muted\">'+fmt(c.e+c.w+c.i)+'</text>'});"
"var ly=cs.length*rh+22;SEV.forEach(function(k,i){s+='<rect x=\"'+(170+i*90)+'\" y=\"'+(ly-10)+"
"'\" width=\"10\" height=\"10\" fill=\"'+COL[k]+'\"/><text x=\"'+(184+i*90)+'\" y=\"'+ly+'\" "
"class=\"muted\">'+k+'</text>'});$('chart-customers').innerHTML=s+'</svg>'})();\n"
/* sortable tables */
"function sortable(tbl,rows,key,render){var st={k:null,d:1};tbl.querySelectorAll('th').forEach("
"function(th){th.onclick=function(){var k=th.getAttribute('data-k');st.d=st.k===k?-st.d:1;st.k=k;"
"tbl.querySelectorAll('th').forEach(function(t){t.className=''});th.className=st.d>0?'sorted-asc':"
"'sorted-desc';rows.sort(function(a,b){var x=key(a,k),y=key(b,k);return(x<y?-1:x>y?1:0)*st.d});"
"render()}})}\n"
"var CR=D.customers.slice(),ctb=$('customers').tBodies[0];\n"
"function ckey(c,k){return k==='e'?c.findings.error:k==='w'?c.findings.warning:k==='i'?"
"c.findings.info:k==='status'?(c.blocked?0:c.findings.error?1:2):c[k]}\n"
"function status(c){return c.blocked?'<span class=\"pill error\">blocked</span>':c.findings.error?"
"'<span class=\"pill warning\">partly blocked</span>':'<span class=\"pill ok\">ready</span>'}\n"
"function renderC(){ctb.innerHTML=CR.map(function(c,i){return'<tr class=\"clk\" data-i=\"'+"
"D.customers.indexOf(c)+'\"><td><code>'+esc(c.key)+'</code></td><td>'+esc(c.name)+'</td><td>'+"
"esc(c.batch)+'</td><td class=\"num\">'+fmt(c.locations)+'</td><td class=\"num\">'+fmt(c.subscribers)+"
"'</td><td class=\"num\">'+fmt(c.blockedSubscribers)+'</td><td class=\"num\">'+fmt(c.findings.error)+"
"'</td><td class=\"num\">'+fmt(c.findings.warning)+'</td><td class=\"num\">'+fmt(c.findings.info)+"
"'</td><td>'+status(c)+'</td></tr>'}).join('');ctb.querySelectorAll('tr').forEach(function(tr){"
"tr.onclick=function(){drill(D.customers[+tr.getAttribute('data-i')])}})}\n"
"sortable($('customers'),CR,ckey,renderC);renderC();\n"
/* findings table with filters */
"var FR=F.slice(),ftb=$('findings').tBodies[0],codes={};F.forEach(function(f){codes[f.code]=1});\n"
"Object.keys(codes).sort().forEach(function(c){var o=document.createElement('option');o.textContent=c;"
"$('code').appendChild(o)});D.customers.forEach(function(c){var o=document.createElement('option');"
"o.textContent=c.key;$('cust').appendChild(o)});\n"
"var RANK={error:0,warning:1,info:2};function fkey(f,k){return k==='src'?f.source.file+':'+"
"('00000000'+f.source.line).slice(-9):k==='severity'?RANK[f.severity]+f.id:f[k]}\n"
"FR.sort(function(a,b){var x=fkey(a,'severity'),y=fkey(b,'severity');return x<y?-1:x>y?1:0});\n"
"function renderF(){var q=$('q').value.toLowerCase(),sv=$('sev').value,cu=$('cust').value,"
"co=$('code').value,n=0,out=[];FR.forEach(function(f){if(sv&&f.severity!==sv)return;if(cu&&"
"f.customer!==cu)return;if(co&&f.code!==co)return;if(q&&(f.object+' '+f.message+' '+f.code+' '+"
"f.source.file+' '+f.fix).toLowerCase().indexOf(q)<0)return;n++;if(out.length<2000)out.push(f)});"
"ftb.innerHTML=out.map(function(f){return'<tr><td><code>'+esc(f.id)+'</code></td><td><span class=\"pill '+"
"f.severity+'\">'+f.severity+'</span></td><td><code>'+esc(f.code)+'</code></td><td><code>'+esc(f.object)+"
"'</code></td><td>'+esc(f.customer)+'</td><td><code>'+esc(f.source.file)+(f.source.line?':'+"
"f.source.line:'')+'</code></td><td>'+esc(f.message)+'<div class=\"fix\">Fix: '+esc(f.fix)+"
"'</div></td></tr>'}).join('');$('shown').textContent=fmt(n)}\n"
"sortable($('findings'),FR,fkey,renderF);['q','sev','cust','code'].forEach(function(id){"
"$(id).oninput=renderF;$(id).onchange=renderF});renderF();\n"
"if(D.truncated)$('trunc').textContent='This page holds the first '+fmt(F.length)+' of '+"
"fmt(D.truncated)+' findings; findings.csv and report.json hold all of them.';\n"
/* drill-down */
"function drill(c){var el=$('drill'),pk=Object.keys(c.packages).map(function(k){return esc(k)+"
"' '+fmt(c.packages[k])}).join(', ')||'none';el.style.display='block';el.innerHTML='<h2>Customer '+"
"esc(c.key)+' &middot; '+esc(c.name)+'</h2><dl><dt>Batch</dt><dt>Locations</dt><dt>Subscribers</dt>"
"<dt>Blocked subscribers</dt><dt>Not subscribers</dt><dt>Status</dt><dd>'+esc(c.batch)+'</dd><dd>'+"
"fmt(c.locations)+'</dd><dd>'+fmt(c.subscribers)+'</dd><dd>'+fmt(c.blockedSubscribers)+'</dd><dd>'+"
"fmt(c.notSubscribers)+'</dd><dd>'+status(c)+'</dd></dl><p>Packages: '+pk+'</p><p>Phones: '+"
"Object.keys(c.phones||{}).map(function(k){return esc(k)+' '+fmt(c.phones[k])}).join(', ')+"
"'</p><button id=\"clr\">"
"Show all customers</button>';$('cust').value=c.key;renderF();$('clr').onclick=function(){"
"el.style.display='none';$('cust').value='';renderF()};el.scrollIntoView()}\n"
/* the call feature table, one row per feature of every customer */
"(function(){var tb=$('features').tBodies[0],h='';D.customers.forEach(function(c){"
"(c.features||[]).forEach(function(x){h+='<tr class=\"st-'+esc(x.status.replace(/ /g,'-'))+"
"'\"><td><code>'+esc(c.key)+'</code></td><td>'+esc(x.kind)+'</td><td>'+esc(x.name)+"
"' <code>'+esc(x.key)+'</code></td><td>'+esc(x.status)+(x.reason?' ('+esc(x.reason)+')':'')+"
"'</td><td>'+esc(x.findings.join(', '))+'</td></tr>'})});tb.innerHTML=h||"
"'<tr><td colspan=\"5\">No call features in the inventory.</td></tr>'})();\n"
/* deep link: report.html#customer=KEY&severity=error opens a drill-down */
"location.hash.slice(1).split('&').forEach(function(p){var i=p.indexOf('='),k=p.slice(0,i),"
"v=decodeURIComponent(p.slice(i+1));if(k==='severity'){$('sev').value=v;renderF()}"
"if(k==='customer')D.customers.forEach(function(c){if(c.key===v)drill(c)})});\n"
"})();\n</script>\n</body></html>\n";

void tx_put_script_safe(FILE *fp, const char *s)
{
	/* runs up to the next '<' are written at once */
	while (*s) {
		size_t run = strcspn(s + 1, "<") + 1;
		if (s[0] == '<' && s[1] == '/') {
			fputs("<\\", fp);
			run = 1;
		} else {
			fwrite(s, 1, run, fp);
		}
		s += run;
	}
}

/* The findings card's count and truncation note, then its rows. */
static void findings_card(FILE *fp, const struct tx_findings *f, long total)
{
	fputs(findings_head, fp);
	long embedded = total < HTML_MAX_FINDINGS ? total : HTML_MAX_FINDINGS;
	fprintf(fp, "<span class=\"n\"><span id=\"shown\">%ld</span> shown</span></div>"
		"<p class=\"note\" id=\"trunc\">", embedded);
	if (total > HTML_MAX_FINDINGS)
		fprintf(fp, "This page holds the first %ld of %ld findings; findings.csv and "
			"report.json hold all of them.", embedded, total);
	fputs("</p>", fp);
	fputs(findings_cols, fp);
	tx_page_findings(f, fp, HTML_MAX_FINDINGS);
}

int tx_report_html(const struct tx_findings *f, const struct transform_options *o,
		   const cJSON *inputs, struct bwm_error *err)
{
	char *path = NULL;
	FILE *fp = tx_report_open(o->report_dir, "report.html", &path, err);
	if (fp == NULL) {
		free(path);
		return err->status;
	}
	fputs(head, fp);
	cJSON *d = tx_report_doc(f);
	long total = f->sev[0] + f->sev[1] + f->sev[2];
	tx_report_made(d, o, inputs);
	tx_page_top(fp, d, customers_head);
	findings_card(fp, f, total);
	fputs(data_open, fp);
	cJSON_AddNumberToObject(d, "truncated", total > HTML_MAX_FINDINGS ? (double)total : 0);
	char *text = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	text[strlen(text) - 1] = '\0';   /* drop the closing brace */
	tx_put_script_safe(fp, text);
	cJSON_free(text);
	fputs(",\"findings\":[", fp);
	tx_report_copy_findings(f, fp, HTML_MAX_FINDINGS, 1);
	fputs("]}", fp);
	us_report_html(f, fp);
	fputs(script, fp);
	int rc = tx_report_close(fp, path, err);
	free(path);
	return rc;
}
