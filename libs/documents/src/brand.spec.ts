import { loadBrand } from './brand';

describe('loadBrand', () => {
  it('has one default for every document', () => {
    expect(loadBrand({})).toEqual({ name: 'Northstar', color: '#1d3a8a' });
  });

  it('reads the business’s name and colour from the settings, empty meaning unset', () => {
    expect(loadBrand({ BRAND_NAME: ' Maple & Birch Studio ', BRAND_COLOR: '#0A7F3B' })).toEqual({ name: 'Maple & Birch Studio', color: '#0A7F3B' });
    expect(loadBrand({ BRAND_NAME: '', BRAND_COLOR: '' })).toEqual({ name: 'Northstar', color: '#1d3a8a' });
  });

  it('refuses a colour a PDF cannot paint, naming the variable', () => {
    expect(() => loadBrand({ BRAND_COLOR: 'blue' })).toThrow('BRAND_COLOR: expected a colour like #1d3a8a');
    expect(() => loadBrand({ BRAND_COLOR: '#12345' })).toThrow('BRAND_COLOR');
  });
});
