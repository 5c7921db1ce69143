// plotly.js-basic-dist-min is a prebuilt bundle (scatter, bar, pie) without types: the few
// calls the page makes.
declare module 'plotly.js-basic-dist-min' {
  export interface PlotlyApi {
    react(root: HTMLElement, data: object[], layout?: object, config?: object): Promise<HTMLElement>;
    purge(root: HTMLElement): void;
    downloadImage(root: HTMLElement, options: { format: 'png'; filename: string }): Promise<string>;
  }
  const Plotly: PlotlyApi;
  export default Plotly;
}
