// New user messages appear without reloading; text is inserted as text, never as HTML.
const box = document.getElementById("transcript");
const source = box.dataset.source;
async function refresh() {
  try {
    const response = await fetch(source, {credentials: "same-origin"});
    if (!response.ok) return;
    const data = await response.json();
    document.getElementById("status").textContent = data.status;
    if (data.transcript_error) return;
    box.replaceChildren(...data.transcript.map(line => {
      const item = document.createElement("div");
      item.className = "line " + line.who.split(" ")[0];
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = line.who + " · " + line.time;
      item.append(meta, document.createElement("br"), document.createTextNode(line.text));
      return item;
    }));
  } catch (error) { /* the next refresh tries again */ }
}
setInterval(refresh, 3000);
