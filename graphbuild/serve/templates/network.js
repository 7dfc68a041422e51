(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var state = { stabilized: false, nodes: null, edges: null };
  window.graphbuild = state;

  // Tooltips are plain text: an element filled through textContent never parses markup.
  function tip(text) {
    var el = document.createElement("div");
    el.className = "tip";
    el.textContent = text;
    return el;
  }
  data.nodes.forEach(function (n) { if (n.title) { n.title = tip(n.title); } });
  data.edges.forEach(function (e) { if (e.title) { e.title = tip(e.title); } });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  state.nodes = nodes;
  state.edges = edges;
  var network = new vis.Network(
    document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  window.network = network;

  var progress = document.getElementById("progress");
  function settled() {
    if (state.stabilized) { return; }
    network.setOptions({ physics: { enabled: false } });
    progress.hidden = true;
    state.stabilized = true;
    document.body.setAttribute("data-stabilized", "true");
  }
  // A time budget on the layout, so that a big network is drawn in seconds even on a slow machine.
  var started = performance.now();
  network.on("stabilizationProgress", function (p) {
    if (performance.now() - started > data.layoutBudgetMs) { network.stopSimulation(); }
    progress.textContent = "Laying out the network… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (data.nodes.length === 0) {
    document.getElementById("empty").hidden = false;
    settled();
  }

  var byLabel = new Map();
  var list = document.getElementById("actor-labels");
  data.nodes.forEach(function (n) {
    byLabel.set(n.label.toLowerCase(), n.id);
    var option = document.createElement("option");
    option.value = n.label;
    list.appendChild(option);
  });
  document.getElementById("find-input").addEventListener("change", function (event) {
    var id = byLabel.get(event.target.value.trim().toLowerCase());
    if (id !== undefined) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.3, animation: { duration: 400 } });
    }
  });
})();
