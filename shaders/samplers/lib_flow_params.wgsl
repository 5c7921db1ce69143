// A flow sampler's RealNVP parameters (shaders/flows/lib_flow.wgsl): after the inverse mass and
// centre in the tuning buffer (src/engine/tuning.ts). Its shape comes as constants from the
// schema when the module is composed (src/engine/pipelines.ts).

fn flow_param(k: u32) -> f32 {
  return tuning[2u * D + k];
}
