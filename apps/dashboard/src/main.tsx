import { createRoot } from 'react-dom/client';
import { HealthPanel } from './health-panel';

function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <h1>Northstar</h1>
      <HealthPanel />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
